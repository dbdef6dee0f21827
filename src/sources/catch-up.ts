import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import { progress, type Progress } from '../progress.js';
import { addDays } from './calendar.js';
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
