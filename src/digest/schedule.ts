// When a channel's digest runs: its settings as a cron pattern in its IANA zone. Pure.
// The same cron-parser BullMQ's Job Schedulers use, so the in-process runner, `paperbot jobs`
// and the Redis schedulers agree to the millisecond, DST changes included.
import { CronExpressionParser } from 'cron-parser';

export type DigestDays = 'weekdays' | 'daily' | 'weekly';

export interface DigestSettings {
  /** HH:MM, 24-hour, in `timezone`. */
  time: string;
  days: DigestDays | string;
  /** IANA zone, e.g. Europe/Berlin. */
  timezone: string;
}

/** A cron pattern (minute hour day-of-month month day-of-week) and the zone it is read in. */
export interface CronSchedule {
  pattern: string;
  tz: string;
}

export class InvalidSchedule extends Error {
  override name = 'InvalidSchedule';
}

// weekly = Mondays: the start of a working week is when a team reads a weekly round-up.
const DAY_FIELD: Record<DigestDays, string> = { weekdays: '1-5', daily: '*', weekly: '1' };

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * "09:00" daily in Europe/Berlin -> { pattern: '0 9 * * *', tz: 'Europe/Berlin' }.
 * A stored time with seconds ("09:00:30") gives a six-field pattern that fires at that second. Chat
 * settings only take HH:MM; seconds exist for the production smoke test, which schedules a digest
 * a few seconds ahead by writing the channel row (test/production/smoke.test.ts).
 */
export function digestSchedule(s: DigestSettings): CronSchedule {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(s.time.trim());
  if (!m) throw new InvalidSchedule(`digest time must be HH:MM, not "${s.time.slice(0, 20)}"`);
  const days = DAY_FIELD[s.days as DigestDays];
  if (!days) throw new InvalidSchedule(`digest days must be weekdays, daily or weekly, not "${String(s.days).slice(0, 20)}"`);
  if (!isTimeZone(s.timezone)) throw new InvalidSchedule(`"${s.timezone.slice(0, 40)}" is not an IANA time zone`);
  const pattern = `${Number(m[2])} ${Number(m[1])} * * ${days}`;
  return { pattern: m[3] === undefined ? pattern : `${Number(m[3])} ${pattern}`, tz: s.timezone };
}

/** The first run strictly after `after`. */
export function nextRun(schedule: CronSchedule, after: Date): Date {
  const it = CronExpressionParser.parse(schedule.pattern, { currentDate: after, tz: schedule.tz });
  return it.next().toDate();
}

/** Runs in (from, to], oldest first (at most `max`, so a long gap never loops for long). */
export function runsBetween(schedule: CronSchedule, from: Date, to: Date, max = 10): Date[] {
  const it = CronExpressionParser.parse(schedule.pattern, { currentDate: from, tz: schedule.tz, endDate: to });
  const out: Date[] = [];
  while (out.length < max && it.hasNext()) {
    const d = it.next().toDate();
    if (d.getTime() > to.getTime()) break;
    out.push(d);
  }
  return out;
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone: the date a digest run belongs to. */
export function localDate(at: Date, tz: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
