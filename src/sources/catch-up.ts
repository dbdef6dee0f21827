import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import { progress, type Progress } from '../progress.js';
import { ARXIV_HOLIDAYS } from './arxiv-holidays.js';
import { addDays, hfDayComplete, latestArxivAnnouncement, utcDay } from './calendar.js';
import type { SourceName } from './report.js';
import { lastCompleteDay } from './source-days.js';

export const DEFAULT_CATCH_UP_DAYS = 14;

/**
 * The days a run fetches before `latest` because nobody fetched them: each day after the last
 * complete one, at most `maxDays` back. None when the source never completed a day: a new
 * install starts at the latest day, not two weeks ago.
 */
export async function missedDays(db: Db, source: SourceName, latest: string, maxDays: number): Promise<string[]> {
  if (maxDays <= 0) return [];
  const last = await lastCompleteDay(db, source);
  if (!last || last >= addDays(latest, -1)) return [];
  const bound = addDays(latest, -maxDays);
  const days: string[] = [];
  for (let d = last < bound ? bound : addDays(last, 1); d < latest; d = addDays(d, 1)) days.push(d);
  return days;
}

/** One log line saying what is caught up, and a bar on a terminal while it runs. */
export function announceCatchUp(log: Logger, source: SourceName, days: string[]): Progress | null {
  if (days.length === 0) return null;
  log.info({ source, days: days.length, from: days[0], to: days.at(-1) }, `catching up ${days.length} missed ${source} day${days.length === 1 ? '' : 's'} (${days[0]} to ${days.at(-1)})`);
  return process.stderr.isTTY ? progress(`catching up ${source}`, days.length) : null;
}

/** A source whose newest day is not complete yet: a start fetches it, and the catch-up the days before. */
export interface SourceBehind {
  source: SourceName;
  last: string;
  latest: string;
}

/**
 * What a start should fetch: each source whose last complete day is before the newest day it
 * can have (arXiv: the latest listing; HF: the newest UTC day past its grace). A restart after
 * a run that completed it fetches nothing; a source that never completed a day waits for its
 * schedule (a new install, or a chat started offline, does not begin with a fetch).
 */
export async function sourcesBehind(db: Db, now: Date, holidays: readonly string[] = ARXIV_HOLIDAYS): Promise<SourceBehind[]> {
  const yesterday = addDays(utcDay(now), -1);
  const newest: Record<SourceName, string> = {
    arxiv: latestArxivAnnouncement(now, holidays).listingDay,
    hf: hfDayComplete(yesterday, now) ? yesterday : addDays(yesterday, -1),
  };
  const out: SourceBehind[] = [];
  for (const source of ['arxiv', 'hf'] as const) {
    const last = await lastCompleteDay(db, source);
    if (last && last < newest[source]) out.push({ source, last, latest: newest[source] });
  }
  return out;
}

/** The one line a start says when it fetches what was missed. */
export function announceStartIngest(log: Logger, behind: SourceBehind): void {
  log.info(behind, `${behind.source} is behind (last complete day ${behind.last}, latest ${behind.latest}): ingesting at start`);
}
