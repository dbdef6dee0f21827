// Is today's digest ready to compose, or should it wait for arXiv's announcement to arrive?
// The decision is a pure function of the clock and what ingestion recorded (source_days), so the
// BullMQ job, the in-process runner, `/papers digest now` and the CLI all decide the same way.
import { and, eq, gte } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sourceDays } from '../db/schema.js';
import { ARXIV_HOLIDAYS } from '../sources/arxiv-holidays.js';
import { addDays, describeArxivDay, easternParts } from '../sources/calendar.js';
import { readSourceDay } from '../sources/source-days.js';

/**
 * How long a digest waits past its time for arXiv's listing. The feed usually appears within
 * minutes of 20:00 US Eastern and is sometimes hours late; a team reading at 09:00 would rather
 * have a digest at noon than none, and past three hours the rest of the day's papers (Hugging
 * Face, yesterday's leftovers) are better posted with a plain word about arXiv.
 */
export const MAX_SOURCE_WAIT_MS = 3 * 3_600_000;
/** How often a waiting digest looks again (ingestion runs hourly in the announcement window). */
export const SOURCE_RECHECK_MS = 10 * 60_000;

export const NOT_ANNOUNCED_YET = "arXiv has not announced today's papers yet.";

export type Readiness =
  /** Compose now; `note` (if any) goes under the header. */
  | { kind: 'ready'; note: string | null }
  /** Look again in `retryInMs`. */
  | { kind: 'wait'; retryInMs: number; reason: string };

export interface ReadinessInput {
  now: Date;
  /** When the digest was due (its scheduled time; `now` for `digest now`). */
  dueAt: Date;
  /**
   * Whether this deployment ingests arXiv at all (some arXiv day was recorded lately). A library
   * fed only by imports (the bundled sample) never waits for an announcement that will not come.
   */
  arxivTracked: boolean;
  /** What ingestion recorded about the listing day due by `dueAt`, if anything. */
  listing: { complete: boolean; announced: boolean } | null;
  /** Decide at once (digest now, CLI): post what there is, with a note, instead of waiting. */
  noWait?: boolean;
  maxWaitMs?: number;
  holidays?: readonly string[];
}

/**
 * The arXiv listing day whose announcement is the latest one due at `at`: arXiv announces at
 * 20:00 Eastern for the next day's date, so from 20:00 on it is tomorrow's (Eastern) listing.
 */
export function arxivListingDayAt(at: Date): string {
  const p = easternParts(at);
  return p.hour >= 20 ? addDays(p.day, 1) : p.day;
}

/** "no arXiv announcement: arXiv does not announce on Friday evenings" -> a sentence for people. */
function noAnnouncementNote(reason: string | null): string {
  const why = reason?.replace(/^no arXiv announcement:\s*/, '');
  return why ? `No arXiv announcement today (${why}).` : 'No arXiv announcement today.';
}

/** Pure: compose now (with an optional note for the header), or wait and look again. */
export function digestReadiness(input: ReadinessInput): Readiness {
  if (!input.arxivTracked) return { kind: 'ready', note: null };
  const day = arxivListingDayAt(input.dueAt);
  const expected = describeArxivDay(day, input.holidays ?? ARXIV_HOLIDAYS);
  if (!expected.announced) return { kind: 'ready', note: noAnnouncementNote(expected.reason) };
  if (input.listing?.complete) return { kind: 'ready', note: input.listing.announced ? null : noAnnouncementNote(null) };
  const maxWait = input.maxWaitMs ?? MAX_SOURCE_WAIT_MS;
  const waited = input.now.getTime() - input.dueAt.getTime();
  if (input.noWait || waited >= maxWait) return { kind: 'ready', note: NOT_ANNOUNCED_YET };
  return { kind: 'wait', retryInMs: Math.max(1_000, Math.min(SOURCE_RECHECK_MS, maxWait - waited)), reason: `arXiv listing ${day} not complete yet` };
}

/** digestReadiness with its inputs read from source_days. */
export async function checkDigestReadiness(db: Db, at: { now: Date; dueAt: Date; noWait?: boolean }): Promise<Readiness> {
  const day = arxivListingDayAt(at.dueAt);
  // "Tracked": ingestion recorded any arXiv day in the last two weeks.
  const tracked = await db
    .select({ day: sourceDays.day })
    .from(sourceDays)
    .where(and(eq(sourceDays.source, 'arxiv'), gte(sourceDays.day, addDays(day, -14))))
    .limit(1);
  if (tracked.length === 0) return digestReadiness({ ...at, arxivTracked: false, listing: null });
  const listing = await readSourceDay(db, 'arxiv', day);
  return digestReadiness({ ...at, arxivTracked: true, listing: listing ? { complete: listing.complete, announced: listing.announced } : null });
}
