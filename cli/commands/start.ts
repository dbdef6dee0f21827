import { runConsoleChat } from '../../adapters/console/chat.js';
import { openApp } from '../open-app.js';

/** `paperbot start`: every configured adapter; the console chat when none is configured. */
export async function startCommand(): Promise<number> {
  const app = await openApp();
  const stops: Array<() => Promise<void>> = [];
  // Jobs: in this process on a timer without REDIS_URL; with it, keep the schedulers in step.
  stops.push(await (await import('../../jobs/bot-jobs.js')).startJobsForBot(app));
  const platforms = [app.config.slackEnabled && 'slack', app.config.discordEnabled && 'discord'].filter(Boolean);
  if (platforms.length === 0) {
    try {
      await runConsoleChat(app);
    } finally {
      for (const stop of stops) await stop();
      await app.close();
    }
    return 0;
  }
  const running: string[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => app.log.error({ err }, 'error while stopping'));
    await app.close();
  };
  // /healthz, /readyz, /metrics (and /admin/queues): on Bolt's server when Slack holds PORT, else our own.
  const observe = await (await import('../observe.js')).startObservability(app);
  stops.push(observe.stop);
  try {
    if (app.config.slackEnabled) {
      const { startSlack } = await import('../../adapters/slack/start.js');
      const { boltCustomRoutes } = await import('../../adapters/slack/custom-routes.js');
      // Replays and OAuth states: in Redis when there is one, so every replica knows what was taken.
      const shared = app.config.REDIS_URL
        ? (await import('../../adapters/slack/redis-seen-keys.js')).openRedisSeenKeys(app.config.REDIS_URL, app.log, app.config.QUEUE_PREFIX)
        : null;
      if (shared) stops.push(shared.close);
      stops.push((await startSlack(app, { customRoutes: boltCustomRoutes(observe.routes), seen: shared?.seen })).stop);
      running.push('slack');
    } else {
      stops.push((await observe.listen()).close);
    }
    if (app.config.discordEnabled) {
      const { startDiscord } = await import('../../adapters/discord/start.js');
      stops.push((await startDiscord(app)).stop);
      running.push('discord');
    }
  } catch (err) {
    app.log.error({ err: { message: (err as Error).message } }, 'could not start a chat platform');
    await stopAll();
    return 1;
  }
  const missing = platforms.filter((p) => !running.includes(p as string));
  if (missing.length) {
    app.log.error({ platforms: missing }, 'chat platform adapters are not available yet');
    await stopAll();
    return 1;
  }
  await (await import('../../jobs/shutdown.js')).untilShutdown(stopAll, app.log);
  return 0;
}
