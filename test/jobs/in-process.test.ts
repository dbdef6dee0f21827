// REDIS_URL unset: the same handlers on a timer in one process (driven here by a fake clock).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChannel, subscribe } from '../../src/channels/channels.js';
import { digests } from '../../src/db/schema.js';
import { findDigest } from '../../src/digest/digest-store.js';
import { startInProcessJobs } from '../../jobs/in-process.js';
import { formatJobsReport, inProcessJobsReport } from '../../jobs/report.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { createHttpPoster, fakeChannel } from '../fakes/http-poster.js';
import { jobsTestEnv, makeChannels, type JobsTestEnv } from './helpers.js';

let env: JobsTestEnv;
let fake: FakePlatform;
beforeAll(async () => {
  env = await jobsTestEnv('inproc');
  fake = await startFakePlatform({ minIntervalMs: 150 });
});
afterAll(async () => {
  await fake?.close();
  await env?.close();
});

describe('in-process jobs', () => {
  it('posts each due digest once, at 09:00 local across DST, and a restart does not post it again', async () => {
    const [berlin] = await makeChannels(env.app, 1, { workspace: 'W-ber', topics: ['lora'], settings: { time: '09:00', timezone: 'Europe/Berlin', days: 'daily', size: 2 } });
    const [utc] = await makeChannels(env.app, 1, { workspace: 'W-utc', topics: ['lora'], settings: { time: '09:00', timezone: 'UTC', days: 'weekdays', size: 2 } });
    // A channel on a platform this process cannot post to gets no digest at all.
    const con = await ensureChannel(env.app.db, { platform: 'console', workspaceId: 'local', channelId: 'console' });
    await subscribe(env.app.db, con.id, 'lora', 'U1');

    let clock = new Date('2026-03-29T07:00:20Z'); // Sunday, first day of CEST: 09:00 Berlin = 07:00Z
    const posters = new Map([['fake', createHttpPoster(fake.url)]]);
    const options = { posters, now: () => clock, autostart: false, paceMs: 200, retry: { attempts: 5, backoffMs: 100 }, ingestSchedules: [] };
    const runner = startInProcessJobs(env.app, options);
    expect(await runner.tick()).toMatchObject({ digests: 1, posted: 3, failed: 0 });
    const d = (await findDigest(env.app.db, berlin.id, '2026-03-29'))!;
    expect(d.status).toBe('delivered');
    const ber = () => fake.messages.filter((m) => m.channel === fakeChannel({ workspaceId: 'W-ber', channelId: berlin.channelId }));
    expect(ber().map((m) => m.text)[0]).toBe('Your digest for 2026-03-29: 2 papers on lora');
    expect(await findDigest(env.app.db, utc.id, '2026-03-29')).toBeNull(); // Sunday: weekdays only
    expect(await env.app.db.select().from(digests).where(eq(digests.channelId, con.id))).toEqual([]);

    clock = new Date('2026-03-29T07:01:20Z');
    expect(await runner.tick()).toMatchObject({ digests: 0, posted: 0 });
    await runner.stop();

    // Restarted five minutes later: the 07:00 run is within catch-up, but the digest exists.
    clock = new Date('2026-03-29T07:05:00Z');
    const restarted = startInProcessJobs(env.app, options);
    expect(await restarted.tick()).toMatchObject({ posted: 0 });
    expect(ber()).toHaveLength(3);

    // Next morning: a 500 and a 429 on the way, each message still posted once.
    const channel = fakeChannel({ workspaceId: 'W-ber', channelId: berlin.channelId });
    fake.failNext({ status: 500, channel }, { status: 429, retryAfterS: 1, channel });
    clock = new Date('2026-03-30T07:00:10Z');
    expect(await restarted.tick()).toMatchObject({ digests: 1, posted: 3, failed: 0 });
    expect((await findDigest(env.app.db, berlin.id, '2026-03-30'))!.status).toBe('delivered');
    expect(ber()).toHaveLength(6);
    expect(fake.duplicates()).toEqual([]);
    // The second digest did not repeat the first one's papers.
    const papers = ber().filter((m) => m.paperId).map((m) => m.paperId);
    expect(new Set(papers).size).toBe(4);
    await restarted.stop();

    const report = await inProcessJobsReport(env.app, { now: clock });
    const text = formatJobsReport(report);
    expect(report.schedules.find((s) => s.id.startsWith(`digest:${berlin.id} `))).toMatchObject({ pattern: '0 9 * * *', tz: 'Europe/Berlin', next: '2026-03-31T07:00:00.000Z' });
    expect(text).toMatch(/REDIS_URL unset/);
    expect(text).toMatch(/Recent failures \(0\)/);
  });
});
