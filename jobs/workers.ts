// BullMQ Workers: thin processors around the handlers. BullMQ schedules, retries and spreads the
// work over processes; the database decides what is done (src/digest/deliver.ts).
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { App } from '../src/app.js';
import { deliverDigestMessage, failDigestMessage, type DeliverOutcome } from '../src/digest/deliver.js';
import type { Digest, DigestSlot } from '../src/digest/digest.js';
import { unfinishedDeliveries } from '../src/digest/digest-store.js';
import { classifyFailure, decideAfterFailure, DELIVERY_RETRY, isFinalAttempt, NoPosterError, type FinalDecision, type RetryPolicy } from '../src/delivery/policy.js';
import type { Destination } from '../src/delivery/poster.js';
import { followUpKey, sendFollowUp, type FollowUp, type FollowUpOutcome } from '../src/library/follow-ups.js';
import { digestForRun, isDigestWait, UnrunnableJob, openSlots, runIngest, runSummarize } from './handlers.js';
import { createPacer, DEFAULT_PACE_MS } from './pacing.js';
import type { Posters } from './posters.js';
import { DELIVERY_BACKOFF, deliverRetryOptions, JOB_OPTIONS, QUEUE_NAMES, type DeliverJobData, type FollowUpJobData, type DigestJobData, type IngestJobData, type QueueName, type Queues, type SummarizeJobData } from './queues.js';
import { reconcileChannelSchedule } from './schedules.js';

export interface WorkerSettings {
  /** Jobs a process runs at once per queue (deliver is I/O-bound: many). */
  concurrency?: Partial<Record<QueueName, number>>;
  /** Which queues this process works (default all). */
  queues?: readonly QueueName[];
  /** BullMQ job lock: a dead worker's active jobs go back to the queue once it lapses. Default 30 s. */
  lockDuration?: number;
  /** How often workers look for such stalled jobs. Default 30 s. */
  stalledInterval?: number;
  /** Times a job may stall (its worker died) before it counts as failed. Default 3. */
  maxStalledCount?: number;
  /** See DeliverDeps.leaseMs / postTimeoutMs. */
  leaseMs?: number;
  postTimeoutMs?: number;
  /** Minimum gap between two posts to one channel, across all workers. Default 1.1 s. */
  paceMs?: number;
  /** Initial gap between the messages of one channel's fan-out. Default = paceMs. */
  spacingMs?: number;
  /** Override the delivery policy's attempts/backoff for the deliver jobs this process enqueues (tests: fewer, faster). */
  deliverRetry?: RetryPolicy;
}

export interface JobsRuntime {
  app: App;
  queues: Queues;
  /** ioredis with maxRetriesPerRequest null; BullMQ duplicates it for its blocking reads. */
  connection: Redis;
  posters: Posters;
}

const DEFAULT_CONCURRENCY: Record<QueueName, number> = { ingest: 1, summarize: 2, digest: 10, deliver: 50 };

export const deliverJobId = (digestId: number, slot: DigestSlot) => `deliver-${digestId}-${slot === 'header' ? 'h' : slot}`;

/**
 * The digest's fan-out: one deliver job per message still open. Messages of one channel are
 * spaced out (i x spacing) so they arrive in order and under the platform's per-channel limit;
 * fixed job ids make a repeated fan-out (retried digest job, restart) add nothing twice.
 */
export async function enqueueDelivery(queues: Queues, digest: Digest, to: Destination, spacingMs = DEFAULT_PACE_MS, retry?: WorkerSettings['deliverRetry']): Promise<number> {
  return enqueueSlots(queues, digest.id, openSlots(digest), to, spacingMs, retry);
}

async function enqueueSlots(queues: Queues, digestId: number, slots: DigestSlot[], to: Destination, spacingMs: number, retry?: WorkerSettings['deliverRetry']): Promise<number> {
  if (slots.length === 0) return 0;
  await queues.deliver.addBulk(
    slots.map((slot, i) => ({
      name: 'deliver',
      data: { digestId, slot, to },
      opts: { ...JOB_OPTIONS.deliver, ...(retry && deliverRetryOptions(retry)), jobId: deliverJobId(digestId, slot), delay: i * spacingMs },
    })),
  );
  return slots.length;
}

/**
 * After a restart, or a Redis that lost its jobs (flushed, replaced): digests of the last days
 * that are still open get their deliver jobs back. A missing job is added, a failed one retried;
 * jobs still queued or running are left be. Workers run it at start and then periodically
 * (runtime.ts), so a Redis that comes back empty costs at most one sweep interval.
 */
export async function resumeUnfinished(app: App, queues: Queues, options: { sinceMs?: number; spacingMs?: number; retry?: WorkerSettings['deliverRetry'] } = {}): Promise<number> {
  let n = 0;
  for (const { digest, to } of await unfinishedDeliveries(app.db, new Date(Date.now() - (options.sinceMs ?? 2 * 86_400_000)))) {
    const slots = openSlots(digest);
    // One round trip per slot ('unknown': not in Redis at all).
    const states = await Promise.all(slots.map((slot) => queues.deliver.getJobState(deliverJobId(digest.id, slot))));
    const missing = slots.filter((_, i) => states[i] === 'unknown');
    for (const [i, slot] of slots.entries()) {
      if (states[i] !== 'failed') continue;
      await (await queues.deliver.getJob(deliverJobId(digest.id, slot)))?.retry('failed');
      n++;
    }
    n += await enqueueSlots(queues, digest.id, missing, to, options.spacingMs ?? DEFAULT_PACE_MS, options.retry);
  }
  if (n) app.log.info({ jobs: n }, 'resumed delivery of unfinished digests');
  return n;
}

/** Job name of follow-ups on the deliver queue (they share its workers, pacing and rate limits). */
export const FOLLOWUP_JOB = 'followup';

/** One job per follow-up; the job id makes a repeated enqueue add nothing twice. */
export async function enqueueFollowUps(queues: Queues, followUps: FollowUp[], retry?: WorkerSettings['deliverRetry']): Promise<number> {
  if (followUps.length === 0) return 0;
  await queues.deliver.addBulk(
    followUps.map((followUp) => ({ name: FOLLOWUP_JOB, data: { followUp }, opts: { ...JOB_OPTIONS.deliver, ...(retry && deliverRetryOptions(retry)), jobId: followUpKey(followUp) } })),
  );
  return followUps.length;
}

/** The delivery policy a deliver job was enqueued with (its attempts and first backoff). */
function policyOf(job: Pick<Job, 'opts'>): RetryPolicy {
  const b = job.opts.backoff;
  return { attempts: job.opts.attempts ?? 1, backoffMs: (typeof b === 'number' ? b : b?.delay) ?? DELIVERY_RETRY.backoffMs };
}

async function delayJob(job: Job, token: string | undefined, ms: number, reason: string): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.round(ms)), token);
  throw new DelayedError(reason);
}

export interface RunningWorkers {
  workers: Worker[];
  /** Stop taking jobs, let active ones finish (up to `graceMs`, then release them), close. */
  close(graceMs?: number): Promise<void>;
}

export function startWorkers(rt: JobsRuntime, settings: WorkerSettings = {}): RunningWorkers {
  const { app, queues, connection, posters } = rt;
  const log = app.log.child({ component: 'jobs' });
  const pacer = createPacer(connection, queues.prefix, settings.paceMs ?? DEFAULT_PACE_MS);
  const spacingMs = settings.spacingMs ?? settings.paceMs ?? DEFAULT_PACE_MS;

  /**
   * What the delivery policy says after a failed attempt, done the BullMQ way: a 429 delays the
   * job (channel) or rate-limits the whole queue (global) without spending an attempt; a retry
   * rethrows so BullMQ spends one and backs off through the same policy (backoffStrategy below);
   * a final failure is recorded by `onFinal` and never retried.
   */
  async function afterFailure(job: Job, token: string | undefined, to: Destination, e: unknown, onFinal: (final: FinalDecision) => Promise<void>): Promise<never> {
    const decision = decideAfterFailure(classifyFailure(e), job.attemptsMade + 1, policyOf(job));
    switch (decision.kind) {
      case 'rate-limit':
        if (decision.scope === 'global') {
          // Every worker stops taking deliver jobs; the pacer holds those already running.
          await pacer.block('global', decision.waitMs);
          await queues.deliver.rateLimit(decision.waitMs);
          throw Worker.RateLimitError();
        }
        await pacer.block(to, decision.waitMs);
        return delayJob(job, token, decision.waitMs, `429 from ${to.platform}: retry after ${decision.waitMs} ms`);
      case 'retry':
        throw e;
      case 'final':
        await onFinal(decision);
        // The job keeps the platform's own words as its failed reason (`paperbot jobs`).
        throw new UnrecoverableError(e instanceof Error ? e.message : decision.reason);
    }
  }

  async function deliver(job: Job<DeliverJobData>, token: string | undefined, jobApp: App): Promise<DeliverOutcome> {
    const { digestId, slot, to } = job.data;
    const finalAttempt = isFinalAttempt(job.attemptsMade + 1, policyOf(job));
    const onFinal = async ({ cause, reason }: FinalDecision) => {
      await failDigestMessage({ db: app.db, log: jobApp.log }, digestId, slot, cause, reason); // a no-op when delivery recorded it already
      await pullNext(digestId, slot); // settled: the next may go
    };
    const poster = posters.get(to.platform);
    if (!poster) return afterFailure(job, token, to, new NoPosterError(to.platform), onFinal);
    let outcome: DeliverOutcome;
    try {
      outcome = await deliverDigestMessage(
        // Waiting for the message before is mostly cut short by pullNext below; the poll is the fallback.
        { db: app.db, poster, log: jobApp.log, leaseMs: settings.leaseMs, postTimeoutMs: settings.postTimeoutMs, pace: (d) => pacer.pace(d), previousPollMs: 3 * spacingMs },
        digestId,
        slot,
        { finalAttempt },
      );
    } catch (e) {
      return afterFailure(job, token, to, e, onFinal);
    }
    if (outcome.kind === 'wait') return delayJob(job, token, outcome.ms, outcome.reason);
    if (outcome.kind !== 'gone') await pullNext(digestId, slot);
    if (outcome.kind === 'failed') throw new UnrecoverableError(outcome.reason);
    return outcome;
  }

  /** A follow-up in a posted paper's thread: said once (the follow_ups row), paced like digest messages. */
  async function followUp(job: Job<FollowUpJobData>, token: string | undefined, jobApp: App): Promise<FollowUpOutcome> {
    const f = job.data.followUp;
    const onFinal = async ({ cause, reason }: FinalDecision) => void jobApp.log.warn({ paperId: f.paperId, kind: f.kind, cause, reason }, 'follow-up not posted');
    const poster = posters.get(f.to.platform);
    if (!poster) return afterFailure(job, token, f.to, new NoPosterError(f.to.platform), onFinal);
    const wait = await pacer.pace(f.to);
    if (wait > 0) return delayJob(job, token, wait, 'pacing for the platform rate limit');
    try {
      return await sendFollowUp({ db: app.db, poster, log: jobApp.log }, f);
    } catch (e) {
      return afterFailure(job, token, f.to, e, onFinal);
    }
  }

  /**
   * This message is settled: bring the next one of the channel forward to when the channel's
   * pace allows, instead of leaving it to find out on its own schedule (which, after a retry
   * upstream, would be late or early and cost a wasted round).
   */
  async function pullNext(digestId: number, slot: DigestSlot): Promise<void> {
    try {
      const next = await queues.deliver.getJob(deliverJobId(digestId, slot === 'header' ? 1 : slot + 1));
      await next?.changeDelay(settings.paceMs ?? DEFAULT_PACE_MS);
    } catch {
      // Not delayed (already waiting or running), or Redis hiccuped: the next one's own poll covers it.
    }
  }

  async function digest(job: Job<DigestJobData>, token: string | undefined, jobApp: App) {
    const { channelId, date } = job.data;
    // A scheduler's job carries the time it was due (prevMillis): that fixes the digest's date.
    const scheduledAt = new Date(job.opts.prevMillis ?? job.timestamp);
    const run = await digestForRun(jobApp, channelId, { date, scheduledAt });
    if (!run) {
      await reconcileChannelSchedule(app, queues, channelId);
      return { skipped: 'the channel is gone or follows no topic' };
    }
    // arXiv has not announced yet: look again later (up to the limit in src/digest/readiness.ts).
    if (isDigestWait(run)) return delayJob(job, token, run.waitMs, run.reason);
    const enqueued = await enqueueDelivery(queues, run.digest, run.to, spacingMs, settings.deliverRetry);
    jobApp.log.info({ channelId, digestId: run.digest.id, date: run.digest.date, items: run.digest.items.length, enqueued }, 'digest composed; delivery enqueued');
    return { digestId: run.digest.id, date: run.digest.date, items: run.digest.items.length, enqueued };
  }

  const unrecoverable = async <T>(f: () => Promise<T>) => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof UnrunnableJob) throw new UnrecoverableError(e.message);
      throw e;
    }
  };

  const processors: Record<QueueName, (job: Job, token: string | undefined, jobApp: App) => Promise<unknown>> = {
    deliver: (job, token, jobApp) =>
      job.name === FOLLOWUP_JOB ? followUp(job as Job<FollowUpJobData>, token, jobApp) : deliver(job as Job<DeliverJobData>, token, jobApp),
    digest: (job, token, jobApp) => digest(job as Job<DigestJobData>, token, jobApp),
    ingest: (job, _token, jobApp) => unrecoverable(() => runIngest(jobApp, (job as Job<IngestJobData>).data)),
    summarize: (job, _token, jobApp) => unrecoverable(() => runSummarize(jobApp, (job as Job<SummarizeJobData>).data)),
  };
  // Every log line a job writes carries its queue and id: the same app, with a child logger.
  const withJobLog = (name: QueueName, job: Job): App => ({ ...app, log: log.child({ queue: name, jobId: job.id }) });

  const workers = (settings.queues ?? QUEUE_NAMES).map((name) => {
    const w = new Worker(name, (job: Job, token?: string) => processors[name](job, token, withJobLog(name, job)), {
      connection,
      prefix: queues.prefix,
      concurrency: settings.concurrency?.[name] ?? DEFAULT_CONCURRENCY[name],
      lockDuration: settings.lockDuration ?? 30_000,
      stalledInterval: settings.stalledInterval ?? 30_000,
      maxStalledCount: settings.maxStalledCount ?? 3,
      // BullMQ honours queue.rateLimit() (a global 429) only on a worker with a limiter: this one is
      // far above any real rate, so it only ever holds off when rateLimit() set it.
      ...(name === 'deliver' && { limiter: { max: 1_000_000, duration: 1_000 } }),
      settings: {
        // Deliver jobs back off as the delivery policy says (the other queues use BullMQ's exponential).
        backoffStrategy: (attemptsMade, type, err, job) => {
          if (type !== DELIVERY_BACKOFF || !job) return 0;
          const d = decideAfterFailure(classifyFailure(err), attemptsMade, policyOf(job));
          return d.kind === 'retry' ? d.afterMs : 0;
        },
      },
    });
    w.on('failed', (job, err) => {
      const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      log[final ? 'warn' : 'debug']({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, reason: err.message }, final ? 'job failed' : 'job attempt failed; will retry');
      if (final) app.metrics.jobs.inc({ queue: name, outcome: 'failed' });
    });
    w.on('completed', () => app.metrics.jobs.inc({ queue: name, outcome: 'completed' }));
    w.on('error', (err) => log.error({ queue: name, err }, 'worker error'));
    return w;
  });

  return {
    workers,
    async close(graceMs = 25_000) {
      // close() stops fetching and waits for active jobs; past the grace period force-close:
      // their locks lapse and another worker takes them over (the database keeps them exactly-once).
      let timer: NodeJS.Timeout | undefined;
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => 'closed' as const);
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      const r = await Promise.race([graceful, late]);
      clearTimeout(timer);
      if (r === 'late') {
        log.warn({ graceMs }, 'active jobs did not finish in time; releasing them to other workers');
        await Promise.all(workers.map((w) => w.close(true)));
      }
    },
  };
}
