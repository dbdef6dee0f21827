import { postersFromConfig } from '../../jobs/posters.js';
import { startWorkerProcess } from '../../jobs/runtime.js';
import { untilShutdown } from '../../jobs/shutdown.js';
import { configOrExit, openApp } from '../open-app.js';

/** `paperbot worker`: BullMQ workers only. Run as many as you like; they share the queues. */
export async function workerCommand(): Promise<number> {
  const redisUrl = configOrExit().REDIS_URL;
  if (!redisUrl) {
    process.stderr.write('paperbot worker needs REDIS_URL (redis://host:port). Without Redis, `paperbot start` runs the jobs in its own process.\n');
    return 2;
  }
  const app = await openApp();
  const posters = await postersFromConfig(app);
  if (posters.size === 0) app.log.warn('no chat platform is configured: digests will be composed but their messages cannot be posted');
  // Each worker serves /healthz, /readyz and /metrics on its own PORT, from the start: with Redis
  // down, starting the workers waits for it, and the probes must say so meanwhile.
  const observe = await (await import('../observe.js')).startObservability(app);
  const http = await observe.listen();
  const worker = await startWorkerProcess(app, { redisUrl, posters, prefix: app.config.QUEUE_PREFIX });
  app.log.info({ platforms: [...posters.keys()] }, 'workers running');
  await untilShutdown(async () => {
    await worker.close();
    await http.close();
    await observe.stop();
    await app.close();
  }, app.log);
  return 0;
}
