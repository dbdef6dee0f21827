import { and, asc, eq, gte, lte, max, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sourceDays } from '../db/schema.js';

/** Per source and day: has the day's announcement fully arrived, and was there one at all? */
export interface SourceDay {
  source: string;
  day: string;
  complete: boolean;
  /** false = the source made no announcement that day (weekend, holiday, empty list). */
  announced: boolean;
  paperCount: number;
  note: string | null;
  checkedAt: Date;
}

export interface SourceDayUpdate {
  source: string;
  day: string;
  complete: boolean;
  announced: boolean;
  paperCount: number;
  note?: string | null;
}

/**
 * Record what a run learned about a day. A day once complete stays complete: a later run that
 * sees less (an empty weekend feed, a failed fetch) only bumps checked_at.
 */
export async function recordSourceDay(db: Db, u: SourceDayUpdate): Promise<void> {
  const keep = sql`(source_days.complete and not excluded.complete)`;
  await db
    .insert(sourceDays)
    .values({ source: u.source, day: u.day, complete: u.complete, announced: u.announced, paperCount: u.paperCount, note: u.note ?? null })
    .onConflictDoUpdate({
      target: [sourceDays.source, sourceDays.day],
      set: {
        complete: sql`source_days.complete or excluded.complete`,
        announced: sql`case when ${keep} then source_days.announced else excluded.announced end`,
        paperCount: sql`case when ${keep} then source_days.paper_count else excluded.paper_count end`,
        note: sql`case when ${keep} then source_days.note else excluded.note end`,
        checkedAt: sql`now()`,
      },
    });
}

export async function readSourceDay(db: Db, source: string, day: string): Promise<SourceDay | null> {
  const rows = await db.select().from(sourceDays).where(and(eq(sourceDays.source, source), eq(sourceDays.day, day))).limit(1);
  return rows[0] ?? null;
}

/** Days in [from, to] (inclusive), oldest first; all sources unless one is named. */
export async function listSourceDays(db: Db, range: { from: string; to: string; source?: string }): Promise<SourceDay[]> {
  const where = [gte(sourceDays.day, range.from), lte(sourceDays.day, range.to)];
  if (range.source) where.push(eq(sourceDays.source, range.source));
  return db.select().from(sourceDays).where(and(...where)).orderBy(asc(sourceDays.day), asc(sourceDays.source));
}

/** The newest day a source finished (complete), or null when it never did. */
export async function lastCompleteDay(db: Db, source: string): Promise<string | null> {
  const rows = await db.select({ day: max(sourceDays.day) }).from(sourceDays).where(and(eq(sourceDays.source, source), eq(sourceDays.complete, true)));
  return rows[0]?.day ?? null;
}
