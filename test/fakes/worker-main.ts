// A worker child process for tests and the bench: real BullMQ workers on the test's Redis prefix
// and database, posting to the test's fake platform. Prints "ready" when it takes jobs.
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startWorkerProcess } from '../../jobs/runtime.js';
import { untilShutdown } from '../../jobs/shutdown.js';
import type { WorkerSettings } from '../../jobs/workers.js';
import { createHttpPoster } from './http-poster.js';

const env = process.env;
const app = await createApp(loadConfig({ DATABASE_URL: env.DATABASE_URL!, REDIS_URL: env.REDIS_URL!, DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE }), {
  seed: false,
  syncIntervalMs: 0,
  log: createLogger(env.WORKER_LOG_LEVEL ?? 'warn'),
});
const settings = JSON.parse(env.WORKER_SETTINGS ?? '{}') as WorkerSettings;
const poster = createHttpPoster(env.FAKE_PLATFORM_URL!);
const worker = await startWorkerProcess(app, {
  redisUrl: env.REDIS_URL!,
  prefix: env.QUEUE_PREFIX!,
  posters: new Map([[poster.platform, poster]]),
  settings,
  schedules: false,
});
process.stdout.write('ready\n');
await untilShutdown(async () => {
  await worker.close();
  await app.close();
}, app.log);
process.exit(0);
