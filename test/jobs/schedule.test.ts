import { getNextMillis } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { digestSchedule, InvalidSchedule, localDate, nextRun, runsBetween } from '../../src/digest/schedule.js';

const berlin = (days: string) => digestSchedule({ time: '09:00', days, timezone: 'Europe/Berlin' });

describe('digest schedule', () => {
  it('turns settings into a cron pattern in the channel zone', () => {
    expect(digestSchedule({ time: '09:00', days: 'weekdays', timezone: 'Europe/Berlin' })).toEqual({ pattern: '0 9 * * 1-5', tz: 'Europe/Berlin' });
    expect(digestSchedule({ time: '7:05', days: 'daily', timezone: 'UTC' })).toEqual({ pattern: '5 7 * * *', tz: 'UTC' });
    expect(digestSchedule({ time: '18:30', days: 'weekly', timezone: 'America/New_York' }).pattern).toBe('30 18 * * 1');
  });

  it('refuses settings that cannot make a schedule, with the reason', () => {
    expect(() => digestSchedule({ time: '25:00', days: 'daily', timezone: 'UTC' })).toThrow(InvalidSchedule);
    expect(() => digestSchedule({ time: '09:00', days: 'sometimes', timezone: 'UTC' })).toThrow(/weekdays, daily or weekly/);
    expect(() => digestSchedule({ time: '09:00', days: 'daily', timezone: 'Mars/Olympus' })).toThrow(/not an IANA time zone/);
  });

  it('09:00 Europe/Berlin stays 09:00 local across the March DST change (08:00Z before, 07:00Z after)', () => {
    const s = berlin('daily');
    expect(nextRun(s, new Date('2026-03-27T12:00:00Z')).toISOString()).toBe('2026-03-28T08:00:00.000Z'); // Sat, CET
    expect(nextRun(s, new Date('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T07:00:00.000Z'); // Sun, the change day, CEST
    expect(nextRun(berlin('weekdays'), new Date('2026-03-27T12:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z'); // Fri -> Mon
  });

  it('09:00 Europe/Berlin stays 09:00 local across the October DST change (07:00Z before, 08:00Z after)', () => {
    const s = berlin('daily');
    expect(nextRun(s, new Date('2026-10-23T12:00:00Z')).toISOString()).toBe('2026-10-24T07:00:00.000Z'); // Sat, CEST
    expect(nextRun(s, new Date('2026-10-24T12:00:00Z')).toISOString()).toBe('2026-10-25T08:00:00.000Z'); // Sun, the change day, CET
    expect(nextRun(berlin('weekdays'), new Date('2026-10-23T12:00:00Z')).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('agrees with the next time BullMQ\'s Job Scheduler computes', () => {
    const s = berlin('weekdays');
    for (const at of ['2026-03-27T12:00:00Z', '2026-03-29T12:00:00Z', '2026-10-24T12:00:00Z', '2027-01-01T00:00:00Z']) {
      const t = new Date(at);
      expect(getNextMillis(t.getTime(), { pattern: s.pattern, tz: s.tz })).toBe(nextRun(s, t).getTime());
    }
  });

  it('lists the runs in a window and the local date each belongs to', () => {
    const s = digestSchedule({ time: '00:30', days: 'daily', timezone: 'Asia/Tokyo' });
    const runs = runsBetween(s, new Date('2026-11-27T00:00:00Z'), new Date('2026-11-29T00:00:00Z'));
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-11-27T15:30:00.000Z', '2026-11-28T15:30:00.000Z']);
    // 15:30Z is already the next day in Tokyo: the digest is dated by the channel's calendar.
    expect(localDate(runs[0], 'Asia/Tokyo')).toBe('2026-11-28');
    expect(runsBetween(s, runs[0], runs[0])).toEqual([]);
  });
});
