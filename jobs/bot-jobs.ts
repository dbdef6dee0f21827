import type { App } from '../src/app.js';
import { startInProcessJobs } from './in-process.js';
import { postersFromConfig } from './posters.js';
import { startSchedulingForBot } from './runtime.js';

/**
 * The jobs side of `paperbot start`. With REDIS_URL: keep the Job Schedulers in step with
 * channel changes (the workers run the jobs). Without: run the handlers here on a minute timer.
 * Returns the stop function.
 */
export async function startJobsForBot(app: App): Promise<() => Promise<void>> {
  if (app.config.REDIS_URL) return startSchedulingForBot(app, app.config.REDIS_URL);
  const runner = startInProcessJobs(app, { posters: await postersFromConfig(app) });
  const onAdded = (ids: string[]) => runner.summarize(ids);
  app.events.on('papersAdded', onAdded);
  app.log.debug('jobs run in this process (REDIS_URL unset; single machine only)');
  return async () => {
    app.events.off('papersAdded', onAdded);
    await runner.stop();
  };
}
