// What `paperbot jobs` shows: queue counts, when each schedule runs next, recent failures.
import type { App } from '../src/app.js';
import { subscribedChannels } from '../src/channels/channels.js';
import { failedDigestMessages } from '../src/digest/digest-store.js';
import { nextRun } from '../src/digest/schedule.js';
import { QUEUE_NAMES, type QueueName, type Queues } from './queues.js';
import { channelSchedule, INGEST_SCHEDULES } from './schedules.js';

export interface JobsReport {
  mode: 'redis' | 'in-process';
  counts: Partial<Record<QueueName, Record<string, number>>>;
  schedules: Array<{ id: string; pattern: string; tz: string; next: string | null }>;
  failures: Array<{ queue: string; id: string; name: string; reason: string; attempts: number; at: string | null }>;
}

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export async function redisJobsReport(queues: Queues, options: { failures?: number } = {}): Promise<JobsReport> {
  const report: JobsReport = { mode: 'redis', counts: {}, schedules: [], failures: [] };
  const limit = options.failures ?? 10;
  for (const name of QUEUE_NAMES) {
    const q = queues[name];
    report.counts[name] = await q.getJobCounts(...STATES);
    for (const s of await q.getJobSchedulers(0, -1, true)) {
      report.schedules.push({ id: s.key, pattern: s.pattern ?? `every ${s.every} ms`, tz: s.tz ?? 'UTC', next: s.next ? new Date(s.next).toISOString() : null });
    }
    for (const job of await q.getFailed(0, limit - 1)) {
      if (!job) continue;
      report.failures.push({
        queue: name,
        id: String(job.id),
        name: job.name,
        reason: job.failedReason ?? '',
        attempts: job.attemptsMade,
        at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      });
    }
  }
  report.schedules.sort((a, b) => (a.next ?? '~').localeCompare(b.next ?? '~'));
  report.failures.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
  report.failures = report.failures.slice(0, limit);
  return report;
}

/** Without Redis there are no queues: the schedules come from the database, failures from digest rows. */
export async function inProcessJobsReport(app: App, options: { failures?: number; now?: Date } = {}): Promise<JobsReport> {
  const now = options.now ?? new Date();
  const report: JobsReport = { mode: 'in-process', counts: {}, schedules: [], failures: [] };
  for (const c of await subscribedChannels(app.db)) {
    const cron = await channelSchedule(app.db, c);
    if (cron) report.schedules.push({ id: `digest:${c.id} (${c.platform} ${c.channelId})`, ...cron, next: nextRun(cron, now).toISOString() });
  }
  for (const s of INGEST_SCHEDULES) report.schedules.push({ id: s.id, pattern: s.pattern, tz: s.tz, next: nextRun(s, now).toISOString() });
  report.schedules.sort((a, b) => (a.next ?? '~').localeCompare(b.next ?? '~'));
  report.failures = (await failedDigestMessages(app.db, options.failures ?? 10)).map((f) => ({
    queue: 'deliver',
    id: `digest ${f.digestId} ${f.slot === 'header' ? 'header' : `item ${f.slot}`}`,
    name: 'deliver',
    reason: f.error ?? '',
    attempts: f.attempts,
    at: f.at ? f.at.toISOString() : null,
  }));
  return report;
}

export function formatJobsReport(r: JobsReport): string {
  const lines: string[] = [];
  if (r.mode === 'redis') {
    lines.push('Queues');
    for (const [name, c] of Object.entries(r.counts)) {
      lines.push(`  ${name.padEnd(10)} ${STATES.map((s) => `${s} ${c?.[s] ?? 0}`).join('  ')}`);
    }
  } else {
    lines.push('Jobs run inside `paperbot start` (REDIS_URL unset): no queues.');
  }
  lines.push('', `Schedules (${r.schedules.length})`);
  if (r.schedules.length === 0) lines.push('  none');
  for (const s of r.schedules) lines.push(`  ${s.id.padEnd(24)} ${`${s.pattern} ${s.tz}`.padEnd(32)} next ${s.next ?? '-'}`);
  lines.push('', `Recent failures (${r.failures.length})`);
  if (r.failures.length === 0) lines.push('  none');
  for (const f of r.failures) lines.push(`  ${f.at ?? '-'}  ${f.queue}/${f.id} after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}: ${f.reason}`);
  return `${lines.join('\n')}\n`;
}
