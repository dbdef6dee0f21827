// BullMQ Job Schedulers, reconciled from the database: one per subscribed channel's digest
// (`digest:<channels.id>`, its cron pattern in its IANA zone) plus the source ingest schedules.
// Run at worker start, on every channelChanged event, and periodically as a safety net.
import type { JobSchedulerJson } from 'bullmq';
import type { App } from '../src/app.js';
import { channelTimezone, digestSubjects, getChannelById, subscribedChannels, type Channel } from '../src/channels/channels.js';
import type { Db } from '../src/db/database.js';
import { digestSchedule, InvalidSchedule, type CronSchedule } from '../src/digest/schedule.js';
import type { Logger } from '../src/log.js';
import { JOB_OPTIONS, type IngestJobData, type Queues } from './queues.js';

export const digestSchedulerId = (channelId: number) => `digest:${channelId}`;
const DIGEST_PREFIX = 'digest:';
const INGEST_PREFIX = 'ingest:';

export interface IngestSchedule extends CronSchedule {
  id: string;
  data: IngestJobData;
}

/**
 * arXiv announces new submissions once a day around 00:00 UTC (Sunday to Thursday evenings US
 * Eastern): fetch half an hour later, daily, and let ingestion note the days without one.
 * Hugging Face Daily Papers fill up through the day: hourly.
 */
export const INGEST_SCHEDULES: IngestSchedule[] = [
  { id: 'ingest:arxiv', pattern: '30 0 * * *', tz: 'UTC', data: { source: 'arxiv' } },
  { id: 'ingest:hf', pattern: '15 * * * *', tz: 'UTC', data: { source: 'hf' } },
  // The search's word vectors, re-learned from the library once a day after arXiv's batch is in.
  { id: 'ingest:vectors', pattern: '0 3 * * *', tz: 'UTC', data: { source: 'vectors' } },
];

/** The channel's digest schedule, or null (with the reason logged) when its settings cannot make one. */
export async function channelSchedule(db: Db, channel: Channel, log?: Logger): Promise<CronSchedule | null> {
  try {
    const tz = await channelTimezone(db, channel);
    return digestSchedule({ time: channel.digestTime, days: channel.digestDays, timezone: tz });
  } catch (e) {
    if (!(e instanceof InvalidSchedule)) throw e;
    log?.warn({ channelId: channel.id, reason: e.message }, 'channel has no valid digest schedule; skipped');
    return null;
  }
}

const same = (s: JobSchedulerJson | undefined, c: CronSchedule) => s !== undefined && s.pattern === c.pattern && (s.tz ?? 'UTC') === c.tz;

async function upsertDigestScheduler(queues: Queues, channelId: number, cron: CronSchedule): Promise<void> {
  const { attempts, backoff, removeOnComplete, removeOnFail } = JOB_OPTIONS.digest;
  await queues.digest.upsertJobScheduler(
    digestSchedulerId(channelId),
    { pattern: cron.pattern, tz: cron.tz },
    { name: 'digest', data: { channelId }, opts: { attempts, backoff, removeOnComplete, removeOnFail } },
  );
}

export type ScheduleChange = 'added' | 'moved' | 'removed' | 'unchanged' | 'none';

/** One channel after its settings or topics changed: add, move (new time/zone/days) or remove its scheduler. */
export async function reconcileChannelSchedule(app: App, queues: Queues, channelId: number): Promise<ScheduleChange> {
  const id = digestSchedulerId(channelId);
  const existing = await queues.digest.getJobScheduler(id);
  const channel = await getChannelById(app.db, channelId);
  const subjects = channel ? await digestSubjects(app.db, channelId) : [];
  const cron = channel && subjects.length ? await channelSchedule(app.db, channel, app.log) : null;
  if (!cron) {
    if (!existing) return 'none';
    await queues.digest.removeJobScheduler(id);
    return 'removed';
  }
  if (same(existing, cron)) return 'unchanged';
  await upsertDigestScheduler(queues, channelId, cron);
  return existing ? 'moved' : 'added';
}

export interface ReconcileReport {
  added: number;
  moved: number;
  removed: number;
  unchanged: number;
}

/** Every scheduler against the database: what should exist is upserted, what should not is removed. */
export async function reconcileSchedules(app: App, queues: Queues, options: { ingest?: boolean } = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { added: 0, moved: 0, removed: 0, unchanged: 0 };
  const existing = new Map((await queues.digest.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
  const wanted = new Set<string>();
  for (const channel of await subscribedChannels(app.db)) {
    const cron = await channelSchedule(app.db, channel, app.log);
    if (!cron) continue;
    const id = digestSchedulerId(channel.id);
    wanted.add(id);
    const had = existing.get(id);
    if (same(had, cron)) {
      report.unchanged++;
      continue;
    }
    await upsertDigestScheduler(queues, channel.id, cron);
    report[had ? 'moved' : 'added']++;
  }
  for (const id of existing.keys()) {
    if (id.startsWith(DIGEST_PREFIX) && !wanted.has(id)) {
      await queues.digest.removeJobScheduler(id);
      report.removed++;
    }
  }
  if (options.ingest !== false) await reconcileIngestSchedules(queues);
  app.log.info(report, 'digest schedules reconciled');
  return report;
}

export async function reconcileIngestSchedules(queues: Queues, schedules: IngestSchedule[] = INGEST_SCHEDULES): Promise<void> {
  const existing = new Map((await queues.ingest.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
  const { attempts, backoff, removeOnComplete, removeOnFail } = JOB_OPTIONS.ingest;
  for (const s of schedules) {
    if (same(existing.get(s.id), s)) continue;
    await queues.ingest.upsertJobScheduler(s.id, { pattern: s.pattern, tz: s.tz }, { name: 'ingest', data: s.data, opts: { attempts, backoff, removeOnComplete, removeOnFail } });
  }
  const ids = new Set(schedules.map((s) => s.id));
  for (const id of existing.keys()) if (id.startsWith(INGEST_PREFIX) && !ids.has(id)) await queues.ingest.removeJobScheduler(id);
}
