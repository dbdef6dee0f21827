import { ARXIV_HOLIDAYS } from './arxiv-holidays.js';

// Dates are 'YYYY-MM-DD' strings. arXiv's schedule is in US Eastern time; Intl does the zone
// arithmetic (DST included), so no date library is needed for these few conversions.

export const ARXIV_ZONE = 'America/New_York';
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ARXIV_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface ZonedParts {
  day: string;
  hour: number;
  minute: number;
}

/** The US Eastern calendar date and clock time of an instant. */
export function easternParts(at: Date): ZonedParts {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute) };
}

export function easternDay(at: Date): string {
  return easternParts(at).day;
}

export function isDay(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The instant of a wall-clock time on a US Eastern date. */
export function easternInstant(day: string, hour: number, minute = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  const wanted = Date.UTC(y, m - 1, d, hour, minute);
  let t = wanted + 5 * 3_600_000;
  // Two corrections settle the offset (it only changes at DST, never near 14:00 or 20:00).
  for (let i = 0; i < 2; i++) {
    const p = easternParts(new Date(t));
    const [py, pm, pd] = p.day.split('-').map(Number);
    t += wanted - Date.UTC(py, pm - 1, pd, p.hour, p.minute);
  }
  return new Date(t);
}

// ---- arXiv ----------------------------------------------------------------------------------

/** arXiv announces at 20:00 Eastern, Sunday to Thursday, except on its holidays. */
export function isArxivAnnouncementEvening(day: string, holidays: readonly string[] = ARXIV_HOLIDAYS): boolean {
  const w = weekday(day);
  return w >= 0 && w <= 4 && !holidays.includes(day);
}

/**
 * A listing day is the date arXiv prints on an announcement (and the feed's `published` date):
 * the day after the 20:00 Eastern announcement evening. Monday's listing is Sunday evening's.
 */
export interface ArxivAnnouncement {
  /** The Eastern date of the 20:00 announcement. */
  evening: string;
  /** The date arXiv lists it under (the next day). */
  listingDay: string;
  at: Date;
}

export function arxivAnnouncementFor(listingDay: string): ArxivAnnouncement {
  const evening = addDays(listingDay, -1);
  return { evening, listingDay, at: easternInstant(evening, 20) };
}

/** Whether a listing day exists, and if not, why (said plainly to people reading a digest). */
export function describeArxivDay(listingDay: string, holidays: readonly string[] = ARXIV_HOLIDAYS): { announced: boolean; reason: string | null } {
  const evening = addDays(listingDay, -1);
  if (holidays.includes(evening)) return { announced: false, reason: `no arXiv announcement: ${WEEKDAYS[weekday(evening)]} ${evening} is an arXiv holiday` };
  const w = weekday(evening);
  if (w === 5 || w === 6) return { announced: false, reason: `no arXiv announcement: arXiv does not announce on ${WEEKDAYS[w]} evenings` };
  return { announced: true, reason: null };
}

/** The most recent announcement at or before `now`. */
export function latestArxivAnnouncement(now: Date, holidays: readonly string[] = ARXIV_HOLIDAYS): ArxivAnnouncement {
  let evening = easternDay(now);
  for (let i = 0; i < 30; i++) {
    if (isArxivAnnouncementEvening(evening, holidays) && easternInstant(evening, 20).getTime() <= now.getTime()) {
      return { evening, listingDay: addDays(evening, 1), at: easternInstant(evening, 20) };
    }
    evening = addDays(evening, -1);
  }
  throw new Error('no arXiv announcement evening in the last 30 days: check the holiday list');
}

/** The next announcement strictly after `now` (digests use it to say when to expect papers). */
export function nextArxivAnnouncement(now: Date, holidays: readonly string[] = ARXIV_HOLIDAYS): ArxivAnnouncement {
  let evening = easternDay(now);
  for (let i = 0; i < 30; i++) {
    if (isArxivAnnouncementEvening(evening, holidays) && easternInstant(evening, 20).getTime() > now.getTime()) {
      return { evening, listingDay: addDays(evening, 1), at: easternInstant(evening, 20) };
    }
    evening = addDays(evening, 1);
  }
  throw new Error('no arXiv announcement evening in the next 30 days: check the holiday list');
}

/** Submissions received before 14:00 Eastern on an announcement evening go out that evening; Sunday's cutoff is Friday 14:00. */
function cutoff(evening: string): Date {
  return weekday(evening) === 0 ? easternInstant(addDays(evening, -2), 14) : easternInstant(evening, 14);
}

/**
 * The submission window a listing day covers, per arXiv's schedule table (for backfills through
 * the query API, which filters on submission time). Moderation holds make this approximate.
 */
export function arxivSubmissionWindow(listingDay: string, holidays: readonly string[] = ARXIV_HOLIDAYS): { from: Date; to: Date } {
  const evening = addDays(listingDay, -1);
  let previous = addDays(evening, -1);
  for (let i = 0; i < 30 && !isArxivAnnouncementEvening(previous, holidays); i++) previous = addDays(previous, -1);
  return { from: cutoff(previous), to: cutoff(evening) };
}

// ---- Hugging Face ---------------------------------------------------------------------------

/** HF's list for a (UTC) day fills during that day; after the day ends and a grace period it is complete. */
export function hfDayComplete(day: string, now: Date, graceMs = 3_600_000): boolean {
  return now.getTime() >= Date.parse(`${day}T00:00:00Z`) + DAY_MS + graceMs;
}
