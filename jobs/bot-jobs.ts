import type { App } from '../src/app.js';
import type { PaperChange } from '../src/library/follow-ups.js';
import type { Poster } from '../src/delivery/poster.js';
import { startInProcessJobs, type InProcessOptions } from './in-process.js';
import { postersFromConfig } from './posters.js';
import { startSchedulingForBot } from './runtime.js';

/**
 * The jobs side of `paperbot start`. With REDIS_URL: keep the Job Schedulers in step with
 * channel changes (the workers run the jobs). Without: run the handlers here on a minute timer.
 * Returns the stop function.
 */
export async function startJobsForBot(app: App, options: { extraPosters?: Poster[]; inProcess?: Omit<InProcessOptions, 'posters'> } = {}): Promise<() => Promise<void>> {
  if (app.config.REDIS_URL) return startSchedulingForBot(app, app.config.REDIS_URL, app.config.QUEUE_PREFIX);
  const posters = await postersFromConfig(app, options.extraPosters);
  const runner = startInProcessJobs(app, { ...options.inProcess, posters });
  const onAdded = (ids: string[]) => runner.summarize(ids);
  app.events.on('papersAdded', onAdded);
  // `/papers digest now`: deliver here. Without any Poster (the console) nobody listens, and the
  // command shows the digest in its reply instead.
  const onComposed = (digestId: number) => void runner.deliver(digestId).catch((err) => app.log.error({ err, digestId }, 'digest delivery failed'));
  if (posters.size > 0) app.events.on('digestComposed', onComposed);
  const onChanged = (changes: PaperChange[]) => void runner.followUps(changes).catch((err) => app.log.error({ err }, 'follow-ups failed'));
  app.events.on('papersChanged', onChanged);
  app.log.debug('jobs run in this process (REDIS_URL unset; single machine only)');
  return async () => {
    app.events.off('papersAdded', onAdded);
    app.events.off('digestComposed', onComposed);
    app.events.off('papersChanged', onChanged);
    await runner.stop();
  };
}
