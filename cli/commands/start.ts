import { runConsoleChat } from '../../adapters/console/chat.js';
import type { Platform } from '../../adapters/platform.js';
import { PLATFORMS } from '../../adapters/platforms.js';
import type { App } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Observability } from '../observe.js';
import { CHAT_LOG_FILE, configOrExit, openApp } from '../open-app.js';

/** `paperbot start`: every platform the configuration turns on (adapters/platforms.ts); the console chat when none is. */
export async function startCommand(): Promise<number> {
  // The console chat on a terminal: JSON log lines would land in the conversation, so they go to a file.
  const chat = enabledPlatforms(configOrExit()).length === 0 && Boolean(process.stdout.isTTY);
  const app = await openApp(chat ? { logFile: CHAT_LOG_FILE } : {});
  if (chat) process.stderr.write(`(logs: ${CHAT_LOG_FILE})\n`);
  const stops: Array<() => Promise<void>> = [];
  // Jobs: in this process on a timer without REDIS_URL; with it, keep the schedulers in step.
  stops.push(await (await import('../../jobs/bot-jobs.js')).startJobsForBot(app));
  const platforms = enabledPlatforms(app.config);
  if (platforms.length === 0) {
    try {
      await runConsoleChat(app);
    } finally {
      for (const stop of stops) await stop();
      await app.close();
    }
    return 0;
  }
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => app.log.error({ err }, 'error while stopping'));
    await app.close();
  };
  // /healthz, /readyz, /metrics (and /admin/queues): on the server of a platform that holds PORT (Slack), else our own.
  const observe = await (await import('../observe.js')).startObservability(app);
  stops.push(observe.stop);
  try {
    await startPlatforms(app, platforms, observe, stops);
  } catch (err) {
    app.log.error({ err: { message: (err as Error).message } }, 'could not start a chat platform');
    await stopAll();
    return 1;
  }
  await (await import('../../jobs/shutdown.js')).untilShutdown(stopAll, app.log);
  return 0;
}

/** The registered platforms this configuration turns on. */
export function enabledPlatforms(config: Config, platforms: readonly Platform[] = PLATFORMS): Platform[] {
  return platforms.filter((p) => p.enabled(config));
}

/**
 * Start each platform, pushing its stop onto `stops` as it comes up (so a failure part-way stops
 * the ones already running). paperbot's routes ride on a platform's server when one serves HTTP
 * on PORT, else on paperbot's own.
 */
export async function startPlatforms(
  app: App,
  platforms: readonly Platform[],
  observe: Pick<Observability, 'routes' | 'listen'>,
  stops: Array<() => Promise<void>>,
): Promise<void> {
  if (!platforms.some((p) => p.servesHttp)) stops.push((await observe.listen()).close);
  for (const p of platforms) stops.push((await p.start(app, { routes: observe.routes })).stop);
}
