// One contract, both job runtimes: the in-process runner and BullMQ workers on real Redis deliver
// through the same delivery policy (src/delivery/policy.ts), so the same behaviours hold in each.
// Real PostgreSQL, a loopback fake platform that answers 429 / 5xx / 403 on demand.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChannel, getChannelById, subscribe } from '../../src/channels/channels.js';
import { postedMessages } from '../../src/db/schema.js';
import type { RetryPolicy } from '../../src/delivery/policy.js';
import { composeDigest } from '../../src/digest/compose.js';
import type { Digest } from '../../src/digest/digest.js';
import { getDigest } from '../../src/digest/digest-store.js';
import { followUpKey, planFollowUps, type PaperChange } from '../../src/library/follow-ups.js';
import { startInProcessJobs } from '../../jobs/in-process.js';
import type { Posters } from '../../jobs/posters.js';
import { enqueueDelivery, enqueueFollowUps, startWorkers } from '../../jobs/workers.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { createHttpPoster, fakeChannel } from '../fakes/http-poster.js';
import { jobsTestEnv, makeChannels, until, type JobsTestEnv } from './helpers.js';

const DATE = '2026-11-30';
/** Two tries: a third 5xx would be one too many, a second 429 must not count. */
const RETRY: RetryPolicy = { attempts: 2, backoffMs: 100 };
const PACE_MS = 200;
/** Short claims, so a second deliverer waiting on the first one's claim is not held a minute. */
const CLAIMS = { leaseMs: 2_000, postTimeoutMs: 1_500 };

/** What a test needs of a runtime: deliver a composed digest, post follow-ups; each resolves once settled. */
interface Runtime {
  deliver(digestId: number): Promise<Digest>;
  followUps(changes: PaperChange[]): Promise<void>;
  close(): Promise<void>;
}

const settled = (env: JobsTestEnv, digestId: number) =>
  until(async () => {
    const d = await getDigest(env.app.db, digestId);
    return d && d.status !== 'composed' ? d : null;
  });

const RUNTIMES: Array<{ name: string; start(env: JobsTestEnv, posters: Posters): Runtime }> = [
  {
    name: 'in-process',
    start(env, posters) {
      const runner = startInProcessJobs(env.app, { posters, retry: RETRY, paceMs: PACE_MS, ...CLAIMS, autostart: false, ingestSchedules: [] });
      return {
        async deliver(digestId) {
          await runner.deliver(digestId);
          return settled(env, digestId);
        },
        async followUps(changes) {
          await runner.followUps(changes);
        },
        close: () => runner.stop(),
      };
    },
  },
  {
    name: 'BullMQ',
    start(env, posters) {
      const workers = startWorkers(
        { app: env.app, queues: env.queues, connection: env.redis, posters },
        { paceMs: PACE_MS, ...CLAIMS, lockDuration: 5_000, stalledInterval: 5_000, deliverRetry: RETRY },
      );
      return {
        async deliver(digestId) {
          const digest = (await getDigest(env.app.db, digestId))!;
          const c = (await getChannelById(env.app.db, digest.channelId))!;
          await enqueueDelivery(env.queues, digest, { platform: c.platform, workspaceId: c.workspaceId, channelId: c.channelId }, PACE_MS, RETRY);
          return settled(env, digestId);
        },
        async followUps(changes) {
          const planned = await planFollowUps(env.app.db, changes);
          await enqueueFollowUps(env.queues, planned, RETRY);
          await until(async () => {
            const states = await Promise.all(planned.map(async (f) => (await env.queues.deliver.getJob(followUpKey(f)))?.getState()));
            return states.every((s) => s === 'completed' || s === 'failed');
          });
        },
        close: () => workers.close(),
      };
    },
  },
];

describe.each(RUNTIMES)('delivery contract: $name runtime', ({ name, start }) => {
  let env: JobsTestEnv;
  let fake: FakePlatform;
  let rt: Runtime;
  beforeAll(async () => {
    env = await jobsTestEnv(`contract-${name === 'BullMQ' ? 'bull' : 'inproc'}`);
    fake = await startFakePlatform({ minIntervalMs: 150 });
    rt = start(env, new Map([['fake', createHttpPoster(fake.url)]]));
  });
  afterAll(async () => {
    await rt?.close();
    await fake?.close();
    await env?.close();
  });

  /** A composed digest of `size` papers in a channel of its own. */
  async function digestIn(workspace: string, size = 1, platform = 'fake') {
    const [c] = await makeChannels(env.app, 1, { workspace, platform, topics: ['lora'], settings: { size } });
    const digest = await composeDigest(env.app, c.id, DATE);
    return { c, digest, channel: fakeChannel({ workspaceId: workspace, channelId: c.channelId }) };
  }
  const postsTo = (channel: string) => fake.messages.filter((m) => m.channel === channel);
  const rejectionsOf = (channel: string) => fake.rejections.filter((r) => r.channel === channel);

  it('retries a 5xx up to the policy\'s attempts: posted on the last one, failed with the reason after it', async () => {
    const once = await digestIn('W-5xx-once');
    fake.failNext({ status: 500, channel: once.channel });
    const ok = await rt.deliver(once.digest.id);
    expect(ok.status).toBe('delivered');
    expect(postsTo(once.channel)).toHaveLength(2);

    const always = await digestIn('W-5xx-down');
    fake.failNext({ status: 500, channel: always.channel }, { status: 503, channel: always.channel });
    const down = await rt.deliver(always.digest.id);
    expect(down.status).toBe('partial');
    expect(down.header.state).toBe('failed');
    expect(down.header.error).toMatch(/gave up after 2 attempts: TransientPostError: fake platform 503/);
    expect(rejectionsOf(always.channel).map((r) => r.status)).toEqual([500, 503]);
    expect(postsTo(always.channel)).toEqual([]);
  });

  it('honours a channel 429\'s Retry-After without spending attempts', async () => {
    const { digest, channel } = await digestIn('W-429');
    // More 429s than attempts: a 429 is the platform pacing us, not a failure.
    fake.failNext({ status: 429, retryAfterS: 1, channel }, { status: 429, retryAfterS: 1, channel });
    const d = await rt.deliver(digest.id);
    expect(d.status).toBe('delivered');
    const [first, second] = rejectionsOf(channel);
    const [header] = postsTo(channel);
    // Never earlier than the platform asked (lower bounds only: a busy machine may be later).
    expect(second.at - first.at).toBeGreaterThanOrEqual(1_000 - 20);
    expect(header.at - second.at).toBeGreaterThanOrEqual(1_000 - 20);
  });

  it('a global 429 (Discord) holds every channel off until Retry-After, not just the one that got it', async () => {
    const a = await digestIn('W-glob-a', 2);
    const b = await digestIn('W-glob-b', 2);
    fake.failNext({ status: 429, retryAfterS: 1, global: true, channel: a.channel });
    const deliveredA = rt.deliver(a.digest.id);
    const limited = await until(async () => rejectionsOf(a.channel)[0], 10_000, 10);
    // Channel b starts once a's runtime has had a moment to take the 429 in.
    await new Promise((r) => setTimeout(r, 100));
    const [da, db] = await Promise.all([deliveredA, rt.deliver(b.digest.id)]);
    expect([da.status, db.status]).toEqual(['delivered', 'delivered']);
    expect(limited).toMatchObject({ status: 429 });
    // Never earlier than the platform asked, in any channel (lower bound only: a busy machine may be later).
    const first = Math.min(...[...postsTo(a.channel), ...postsTo(b.channel)].map((m) => m.at));
    expect(first - limited.at).toBeGreaterThanOrEqual(1_000 - 20);
    expect(postsTo(b.channel)).toHaveLength(3);
  });

  it('a final error (403) is recorded as failed at once, never retried', async () => {
    const { digest, channel } = await digestIn('W-403', 2);
    fake.failNext({ status: 403, channel });
    const d = await rt.deliver(digest.id);
    expect(d.status).toBe('partial');
    expect(d.header).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringMatching(/fake platform 403: missing_access/) });
    expect(d.items.every((i) => i.state === 'failed' && /header could not be posted/.test(i.error ?? ''))).toBe(true);
    await new Promise((r) => setTimeout(r, 3 * RETRY.backoffMs)); // a retry, if any, would have come by now
    expect(rejectionsOf(channel)).toHaveLength(1);
    expect(postsTo(channel)).toEqual([]);
  });

  it('a platform with no Poster here is a clear final failure, not a silent skip or a retry loop', async () => {
    const c = await ensureChannel(env.app.db, { platform: 'nowhere', workspaceId: 'W-none', channelId: 'C-none' });
    await subscribe(env.app.db, c.id, 'lora', 'U1');
    const digest = await composeDigest(env.app, c.id, DATE);
    const d = await rt.deliver(digest.id);
    expect(d.status).toBe('partial');
    expect(d.header).toMatchObject({ state: 'failed', attempts: 0, error: expect.stringMatching(/no Poster for platform "nowhere"/) });
    expect(d.items.every((i) => i.state === 'failed')).toBe(true);
  });

  it('delivers each message exactly once however often it is asked, and records every posted paper once', async () => {
    const { digest, channel } = await digestIn('W-once', 2);
    const [d] = await Promise.all([rt.deliver(digest.id), rt.deliver(digest.id)]);
    await rt.deliver(digest.id);
    expect(d.status).toBe('delivered');
    const msgs = postsTo(channel);
    expect(msgs).toHaveLength(3);
    expect(fake.duplicates()).toEqual([]);
    const recorded = await env.app.db.select().from(postedMessages).where(eq(postedMessages.workspaceId, 'W-once'));
    expect(recorded.map((r) => [r.messageId, r.paperId, r.threadId]).sort()).toEqual(d.items.map((i) => [i.messageId, i.paperId, msgs[0].id]).sort());

    const change: PaperChange = { paperId: d.items[0].paperId, title: 't', newVersion: null, codeUrl: 'https://github.com/example/once' };
    await rt.followUps([change]);
    await rt.followUps([change]);
    const followUps = postsTo(channel).slice(3);
    expect(followUps.map((m) => [m.text, m.threadId])).toEqual([['Code is now available: https://github.com/example/once', msgs[0].id]]);
  });
});
