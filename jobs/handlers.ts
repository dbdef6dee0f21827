// The work itself, shared by the BullMQ workers and the in-process runner. Thin: each is a call
// into the core plus the little a job needs (which date a scheduled run belongs to).
import type { App } from '../src/app.js';
import { channelTimezone, channelTopics, digestSubjects, getChannelById } from '../src/channels/channels.js';
import { composeDigest } from '../src/digest/compose.js';
import type { Digest, DigestSlot } from '../src/digest/digest.js';
import { findDigest } from '../src/digest/digest-store.js';
import { checkDigestReadiness } from '../src/digest/readiness.js';
import type { Destination } from '../src/delivery/poster.js';
import { isOpen } from '../src/delivery/states.js';
import { localDate } from '../src/digest/schedule.js';
import type { SourceBehind } from '../src/sources/catch-up.js';
import type { IngestJobData, SummarizeJobData } from './queues.js';

/** A job that can never succeed as asked (bad input, missing handler): fail it clearly, never retry. */
export class UnrunnableJob extends Error {
  override name = 'UnrunnableJob';
}

/** A digest run that must wait for its sources (arXiv has not announced yet): try again later. */
export interface DigestWait {
  waitMs: number;
  reason: string;
}

/**
 * The digest for one run of a channel's schedule: `date` when given (digest now), else the date
 * of the scheduled time in the channel's zone, so a run delayed past midnight still counts for
 * the day it was meant for. Null when the channel is gone or follows no topic any more.
 * Before composing, the run may wait for today's arXiv announcement (src/digest/readiness.ts):
 * then it returns how long to wait instead, and the caller asks again.
 */
export async function digestForRun(
  app: App,
  channelId: number,
  run: { date?: string; scheduledAt?: Date; now?: Date },
): Promise<{ digest: Digest; to: Destination } | DigestWait | null> {
  const channel = await getChannelById(app.db, channelId);
  if (!channel) return null;
  if ((await digestSubjects(app.db, channelId)).length === 0) return null;
  const topics = await channelTopics(app.db, channelId);
  const date = run.date ?? localDate(run.scheduledAt ?? new Date(), await channelTimezone(app.db, channel));
  const to = { platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId };
  const existing = await findDigest(app.db, channelId, date);
  if (existing) return { digest: existing, to };
  const now = run.now ?? new Date();
  const readiness = await checkDigestReadiness(app.db, { now, dueAt: run.scheduledAt ?? now });
  if (readiness.kind === 'wait') return { waitMs: readiness.retryInMs, reason: readiness.reason };
  const digest = await composeDigest(app, channelId, date, { channel, topics }, { note: readiness.note });
  return { digest, to };
}

export const isDigestWait = (r: unknown): r is DigestWait => typeof r === 'object' && r !== null && 'waitMs' in r;

/** The messages of a digest still to post, in order: header first, then items by position. */
export function openSlots(digest: Digest): DigestSlot[] {
  const out: DigestSlot[] = [];
  if (isOpen(digest.header.state)) out.push('header');
  for (const it of digest.items) if (isOpen(it.state)) out.push(it.position);
  return out;
}

// Loaded on first use: a bot process that never ingests never loads the source parsers.
export async function runIngest(app: App, data: IngestJobData, now?: Date): Promise<unknown> {
  if (data.source === 'vectors') return (await import('./vectors-job.js')).learnVectorsJob(app);
  const { ingestJob } = await import('./ingest-job.js');
  const { IngestUsageError } = await import('../src/sources/ingest.js');
  try {
    return await ingestJob(app, data, now);
  } catch (e) {
    // A bad source or date: retrying cannot help.
    if (e instanceof IngestUsageError) throw new UnrunnableJob(e.message);
    throw e;
  }
}

export async function runSummarize(app: App, data: SummarizeJobData): Promise<unknown> {
  const { summarizePapersWithLlm } = await import('../src/summarize/llm-summaries.js');
  return summarizePapersWithLlm(app, data.ids);
}

/**
 * The ingest jobs a start enqueues once: one per source that is behind (the job's own catch-up
 * then fetches every missed day), so a restart after downtime does not wait for the next
 * scheduled run. Only the `scheduled` sources (no schedules, no network: tests, offline). One log
 * line per source; none when every source is complete.
 */
export async function ingestsAtStart(app: App, now: Date, scheduled: ReadonlyArray<IngestJobData['source']>): Promise<Array<SourceBehind & { data: IngestJobData }>> {
  if (!scheduled.some((s) => s === 'arxiv' || s === 'hf')) return [];
  const { announceStartIngest, sourcesBehind } = await import('../src/sources/catch-up.js');
  const behind = (await sourcesBehind(app.db, now)).filter((b) => scheduled.includes(b.source));
  for (const b of behind) announceStartIngest(app.log, b);
  return behind.map((b) => ({ ...b, data: { source: b.source } }));
}
