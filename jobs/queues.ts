// The four queues and what a job of each carries. Options live here so every producer
// (schedulers, the digest fan-out, the bot) enqueues the same way.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DigestSlot } from '../src/digest/digest.js';
import type { Destination } from '../src/delivery/poster.js';
import { DELIVERY_RETRY, type RetryPolicy } from '../src/delivery/policy.js';
import type { FollowUp } from '../src/library/follow-ups.js';
import type { IngestJobData } from './ingest-job.js';

export const QUEUE_NAMES = ['ingest', 'summarize', 'digest', 'deliver'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Keys in Redis start with this; tests and benches use their own so runs never collide. */
export const DEFAULT_PREFIX = 'paperbot';

/** What the ingestion handler takes. */
export type { IngestJobData } from './ingest-job.js';

export interface SummarizeJobData {
  ids: string[];
}

export interface DigestJobData {
  /** channels.id */
  channelId: number;
  /** YYYY-MM-DD; omitted by the schedulers: the date of the scheduled time in the channel's zone. */
  date?: string;
}

export interface DeliverJobData {
  digestId: number;
  slot: DigestSlot;
  /** Where it goes: picks the Poster and the per-channel pacing key without a query. */
  to: Destination;
}

/** A follow-up (new version, code link) in the thread of a posted paper; rides the deliver queue (job name 'followup'). */
export interface FollowUpJobData {
  followUp: FollowUp;
}

export interface JobDataByQueue {
  ingest: IngestJobData;
  summarize: SummarizeJobData;
  digest: DigestJobData;
  deliver: DeliverJobData | FollowUpJobData;
}

const DAY = 86_400;

/**
 * Deliver jobs back off through the delivery policy (src/delivery/policy.ts): the workers' backoff
 * strategy for this type asks it, with the job's own attempts and first delay.
 */
export const DELIVERY_BACKOFF = 'delivery-policy';

/** A delivery retry policy as BullMQ job options. */
export const deliverRetryOptions = (policy: RetryPolicy): Pick<JobsOptions, 'attempts' | 'backoff'> => ({
  attempts: policy.attempts,
  backoff: { type: DELIVERY_BACKOFF, delay: policy.backoffMs },
});

/**
 * Retries with exponential backoff; completed jobs kept a day, failed ones two weeks so
 * `paperbot jobs` can show why. Deliver: the delivery policy's attempts and backoff.
 */
export const JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  ingest: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { age: 7 * DAY, count: 1_000 }, removeOnFail: { age: 30 * DAY } },
  summarize: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: { age: DAY, count: 10_000 }, removeOnFail: { age: 14 * DAY } },
  digest: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: { age: 7 * DAY, count: 50_000 }, removeOnFail: { age: 14 * DAY } },
  deliver: { ...deliverRetryOptions(DELIVERY_RETRY), removeOnComplete: { age: DAY, count: 200_000 }, removeOnFail: { age: 14 * DAY } },
};

export type Queues = { [K in QueueName]: Queue<JobDataByQueue[K]> } & { prefix: string; close(): Promise<void> };

/** The queues on one connection (Queue instances only produce and inspect; Workers consume). */
export function createQueues(connection: Redis, prefix = DEFAULT_PREFIX, options: { readOnly?: boolean } = {}): Queues {
  const make = <K extends QueueName>(name: K) =>
    // readOnly (paperbot jobs): looking must not write the queues' meta keys.
    new Queue<JobDataByQueue[K]>(name, { connection, prefix, defaultJobOptions: JOB_OPTIONS[name], skipMetasUpdate: options.readOnly });
  const queues = { ingest: make('ingest'), summarize: make('summarize'), digest: make('digest'), deliver: make('deliver') };
  // A Queue with no 'error' listener prints every failed reconnect; the connection's own state
  // lines (reportRedisState) say it once.
  for (const q of Object.values(queues)) q.on('error', () => {});
  return {
    ...queues,
    prefix,
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
