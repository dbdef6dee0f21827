// Waiting for arXiv's announcement: a pure decision on a fixed clock, and the in-process runner
// that follows it (waits, then posts with a plain line when arXiv stays silent too long).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { findDigest } from '../../src/digest/digest-store.js';
import { arxivListingDayAt, digestReadiness, MAX_SOURCE_WAIT_MS, NOT_ANNOUNCED_YET, SOURCE_RECHECK_MS } from '../../src/digest/readiness.js';
import { recordSourceDay } from '../../src/sources/source-days.js';
import { startInProcessJobs } from '../../jobs/in-process.js';
import { sampleApp } from '../helpers/app.js';
import { makeChannel, PLATFORM, recordingPoster } from './helpers.js';

// Monday 2026-11-30, 09:00 in Berlin (08:00Z = 03:00 New York): Sunday evening's listing is due.
const MONDAY_9 = new Date('2026-11-30T08:00:00Z');
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const HOUR = 3_600_000;

describe('digestReadiness (pure)', () => {
  it('knows which arXiv listing is due: from 20:00 New York it is the next day\'s', () => {
    expect(arxivListingDayAt(MONDAY_9)).toBe('2026-11-30');
    expect(arxivListingDayAt(new Date('2026-12-01T00:59:00Z'))).toBe('2026-11-30'); // 19:59 EST Monday
    expect(arxivListingDayAt(new Date('2026-12-01T01:00:00Z'))).toBe('2026-12-01'); // 20:00 EST Monday
  });

  it('a library not fed from arXiv (imports, the sample) never waits', () => {
    expect(digestReadiness({ now: MONDAY_9, dueAt: MONDAY_9, arxivTracked: false, listing: null })).toEqual({ kind: 'ready', note: null });
  });

  it('a complete listing is ready at once', () => {
    expect(digestReadiness({ now: MONDAY_9, dueAt: MONDAY_9, arxivTracked: true, listing: { complete: true, announced: true } })).toEqual({ kind: 'ready', note: null });
  });

  it('waits for a listing not in yet, looking again every few minutes, then says so after the limit', () => {
    const base = { dueAt: MONDAY_9, arxivTracked: true, listing: { complete: false, announced: true } };
    expect(digestReadiness({ ...base, now: MONDAY_9 })).toEqual({ kind: 'wait', retryInMs: SOURCE_RECHECK_MS, reason: 'arXiv listing 2026-11-30 not complete yet' });
    expect(digestReadiness({ ...base, listing: null, now: at(MONDAY_9, HOUR) })).toMatchObject({ kind: 'wait' });
    const nearly = digestReadiness({ ...base, now: at(MONDAY_9, MAX_SOURCE_WAIT_MS - 60_000) });
    expect(nearly).toEqual({ kind: 'wait', retryInMs: 60_000, reason: expect.any(String) });
    expect(digestReadiness({ ...base, now: at(MONDAY_9, MAX_SOURCE_WAIT_MS) })).toEqual({ kind: 'ready', note: NOT_ANNOUNCED_YET });
    expect(NOT_ANNOUNCED_YET).toBe("arXiv has not announced today's papers yet.");
    // Asked for now (digest now, the CLI): no waiting, the same plain line.
    expect(digestReadiness({ ...base, now: MONDAY_9, noWait: true })).toEqual({ kind: 'ready', note: NOT_ANNOUNCED_YET });
  });

  it('a weekend or holiday has no announcement to wait for, and says why', () => {
    const saturday = new Date('2026-11-28T08:00:00Z');
    expect(digestReadiness({ now: saturday, dueAt: saturday, arxivTracked: true, listing: null })).toEqual({
      kind: 'ready',
      note: 'No arXiv announcement today (arXiv does not announce on Friday evenings).',
    });
    const afterHoliday = new Date('2025-11-28T14:00:00Z'); // listing of Friday 2025-11-28; Thanksgiving evening before
    expect(digestReadiness({ now: afterHoliday, dueAt: afterHoliday, arxivTracked: true, listing: null })).toEqual({
      kind: 'ready',
      note: 'No arXiv announcement today (Thursday 2025-11-27 is an arXiv holiday).',
    });
    // Ingestion found no announcement where one was expected: no waiting either.
    expect(digestReadiness({ now: MONDAY_9, dueAt: MONDAY_9, arxivTracked: true, listing: { complete: true, announced: false } })).toEqual({ kind: 'ready', note: 'No arXiv announcement today.' });
  });
});

describe('the in-process runner waits for arXiv, up to the limit', () => {
  let app: App;
  beforeAll(async () => {
    app = await sampleApp();
    // This deployment ingests arXiv: last week's listing arrived.
    await recordSourceDay(app.db, { source: 'arxiv', day: '2026-11-27', complete: true, announced: true, paperCount: 300 });
  });
  afterAll(() => app?.close());

  async function runAt(workspace: string, complete: (clock: Date) => Promise<void> = async () => {}) {
    const channel = await makeChannel(app, workspace, ['lora'], { time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays', size: 2 });
    const poster = recordingPoster();
    let clock = at(MONDAY_9, 20_000);
    const runner = startInProcessJobs(app, { posters: new Map([[PLATFORM, poster]]), now: () => clock, autostart: false, paceMs: 0, ingestSchedules: [] });
    // After each look: has this channel's digest been composed yet?
    const ticks: boolean[] = [];
    for (const minutes of [0, 60, 120, 179, 181]) {
      clock = at(MONDAY_9, minutes * 60_000 + 20_000);
      await complete(clock);
      await runner.tick();
      ticks.push((await findDigest(app.db, channel.id, '2026-11-30')) !== null);
    }
    await runner.stop();
    return { ticks, digest: await findDigest(app.db, channel.id, '2026-11-30'), posted: poster.in(channel.channelId) };
  }

  it('no listing by 12:00: the digest goes out then, saying arXiv has not announced yet', async () => {
    const { ticks, digest, posted } = await runAt('W-late');
    expect(ticks).toEqual([false, false, false, false, true]);
    expect(digest!.header.text).toBe(`Your digest for 2026-11-30: 2 papers on lora\n${NOT_ANNOUNCED_YET}`);
    expect(posted.map((m) => m.text)[0]).toBe(digest!.header.text);
    expect(posted).toHaveLength(3);
  });

  it('the listing arrives at 10:30: the digest goes out at the next look, without a note', async () => {
    const { ticks, digest } = await runAt('W-ontime', async (clock) => {
      if (clock.getTime() >= at(MONDAY_9, 90 * 60_000).getTime()) {
        await recordSourceDay(app.db, { source: 'arxiv', day: '2026-11-30', complete: true, announced: true, paperCount: 250 });
      }
    });
    expect(ticks).toEqual([false, false, true, true, true]);
    expect(digest!.header.text).toBe('Your digest for 2026-11-30: 2 papers on lora');
  });
});
