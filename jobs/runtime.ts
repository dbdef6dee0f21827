// A worker process, assembled: Redis, queues, schedules reconciled, unfinished digests resumed,
// workers running; and the bot's side of it (schedules follow channel changes).
import type { App } from '../src/app.js';
import { closeRedis, createRedis } from './connection.js';
import type { Posters } from './posters.js';
import { createQueues, DEFAULT_PREFIX, JOB_OPTIONS, type Queues } from './queues.js';
import { INGEST_SCHEDULES, reconcileChannelSchedule, reconcileSchedules } from './schedules.js';
import { ingestsAtStart } from './handlers.js';
import { enqueueDelivery, enqueueFollowUps, resumeUnfinished, startWorkers, type RunningWorkers, type WorkerSettings } from './workers.js';
import { getChannelById } from '../src/channels/channels.js';
import { getDigest } from '../src/digest/digest-store.js';
import { planFollowUps, type PaperChange } from '../src/library/follow-ups.js';

export interface WorkerProcessOptions {
  redisUrl: string;
  posters: Posters;
  prefix?: string;
  settings?: WorkerSettings;
  /** Safety net for schedule changes nobody announced (another deployment, a manual edit). Default 10 min. */
  reconcileEveryMs?: number;
  /** Reconcile schedules at start and periodically (default true; tests that fire digests by hand turn it off). */
  schedules?: boolean;
  /**
   * How often unfinished digests are checked for deliver jobs Redis no longer has (flushed, or
   * replaced after losing its file). Default 30 s: a lost fan-out resumes within a minute.
   */
  sweepEveryMs?: number;
}

export interface WorkerProcess {
  queues: Queues;
  workers: RunningWorkers;
  close(graceMs?: number): Promise<void>;
}

/** Follow-ups for papers this process saw change (an ingest job here, or the bot's own ingest). */
function followUpChangedPapers(app: App, queues: Queues, retry?: WorkerSettings['deliverRetry']): () => void {
  const onChanged = (changes: PaperChange[]) => {
    planFollowUps(app.db, changes)
      .then((planned) => enqueueFollowUps(queues, planned, retry))
      .catch((err) => app.log.error({ err }, 'could not enqueue follow-ups'));
  };
  app.events.on('papersChanged', onChanged);
  return () => app.events.off('papersChanged', onChanged);
}

/** Enqueue LLM summaries for papers this process added (when an LLM is configured). */
function summarizeNewPapers(app: App, queues: Queues): () => void {
  if (!app.config.llmEnabled) return () => {};
  const onAdded = (ids: string[]) => {
    if (ids.length) queues.summarize.add('summarize', { ids }).catch((err) => app.log.error({ err }, 'could not enqueue LLM summaries'));
  };
  app.events.on('papersAdded', onAdded);
  return () => app.events.off('papersAdded', onAdded);
}

/**
 * The sources behind at start get one ingest job each; the id names the day it completes, so
 * workers starting together add it once.
 */
export async function enqueueIngestsAtStart(app: App, queues: Queues, now = new Date()): Promise<number> {
  const due = await ingestsAtStart(app, now, INGEST_SCHEDULES.map((s) => s.data.source));
  for (const b of due) await queues.ingest.add('ingest', b.data, { ...JOB_OPTIONS.ingest, jobId: `start-${b.source}-${b.latest}` });
  return due.length;
}

export async function startWorkerProcess(app: App, o: WorkerProcessOptions): Promise<WorkerProcess> {
  const connection = createRedis(o.redisUrl, 'worker', app.log);
  const queues = createQueues(connection, o.prefix ?? DEFAULT_PREFIX);
  const schedules = o.schedules !== false;
  if (schedules) {
    await reconcileSchedules(app, queues);
    await enqueueIngestsAtStart(app, queues);
  }
  await resumeUnfinished(app, queues, { spacingMs: o.settings?.spacingMs, retry: o.settings?.deliverRetry });
  const workers = startWorkers({ app, queues, connection, posters: o.posters }, o.settings);
  const stopSummaries = summarizeNewPapers(app, queues);
  const stopFollowUps = followUpChangedPapers(app, queues, o.settings?.deliverRetry);
  const timer = setInterval(() => {
    if (schedules) reconcileSchedules(app, queues).catch((err) => app.log.error({ err }, 'schedule reconcile failed'));
  }, o.reconcileEveryMs ?? 600_000);
  timer.unref();
  const sweep = startSweep(() => resumeUnfinished(app, queues, { spacingMs: o.settings?.spacingMs, retry: o.settings?.deliverRetry }), o.sweepEveryMs ?? 30_000, app);
  return {
    queues,
    workers,
    async close(graceMs) {
      clearInterval(timer);
      await sweep.stop();
      stopSummaries();
      stopFollowUps();
      await workers.close(graceMs);
      await queues.close();
      await closeRedis(connection);
    },
  };
}

/** Run `sweepOnce` every `everyMs`, never two at once (a slow sweep skips a beat instead of piling up). */
function startSweep(sweepOnce: () => Promise<unknown>, everyMs: number, app: App): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepOnce()
      // One line: a query error's message carries the whole statement and its parameters.
      .catch((err: unknown) => app.log.error({ reason: err instanceof Error ? String((err.cause as Error | undefined)?.message ?? err.message).slice(0, 200) : String(err) }, 'delivery sweep failed; next one in a moment'))
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Enqueue the deliver jobs of a digest composed outside the digest job. */
export async function enqueueComposed(app: App, queues: Queues, digestId: number): Promise<number> {
  const digest = await getDigest(app.db, digestId);
  const channel = digest && (await getChannelById(app.db, digest.channelId));
  if (!digest || !channel) return 0;
  return enqueueDelivery(queues, digest, { platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId });
}

/**
 * `paperbot start` with REDIS_URL: the bot runs no workers, but it is where settings change, so
 * it moves a channel's scheduler the moment its settings or topics change.
 */
export async function startSchedulingForBot(app: App, redisUrl: string, prefix = DEFAULT_PREFIX): Promise<() => Promise<void>> {
  const connection = createRedis(redisUrl, 'worker', app.log);
  const queues = createQueues(connection, prefix);
  // Not awaited: with Redis down this waits for it, and the bot (and /healthz) must not.
  void reconcileSchedules(app, queues).catch((err) => app.log.error({ err: { message: (err as Error).message } }, 'schedule reconcile failed; workers will retry at start'));
  const onChanged = (channelId: number) => {
    reconcileChannelSchedule(app, queues, channelId)
      .then((change) => app.log.info({ channelId, change }, 'digest schedule updated'))
      .catch((err) => app.log.error({ err, channelId }, 'could not update the digest schedule'));
  };
  app.events.on('channelChanged', onChanged);
  // `/papers digest now` composed a digest here: the same fan-out the digest job enqueues.
  const onComposed = (digestId: number) => {
    enqueueComposed(app, queues, digestId).catch((err) => app.log.error({ err, digestId }, 'could not enqueue the digest delivery'));
  };
  app.events.on('digestComposed', onComposed);
  const stopSummaries = summarizeNewPapers(app, queues);
  const stopFollowUps = followUpChangedPapers(app, queues);
  return async () => {
    app.events.off('channelChanged', onChanged);
    app.events.off('digestComposed', onComposed);
    stopSummaries();
    stopFollowUps();
    await queues.close();
    await closeRedis(connection);
  };
}
