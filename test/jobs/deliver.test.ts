// Digest fan-out and delivery through real BullMQ workers (real Redis), real PostgreSQL, and a
// loopback fake platform that enforces a per-channel rate limit and fails on demand.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestMessages, digests } from '../../src/db/schema.js';
import { composeDigest } from '../../src/digest/compose.js';
import { deliverDigestMessage } from '../../src/digest/deliver.js';
import { idempotencyKey } from '../../src/digest/digest.js';
import { findDigest, getDigest } from '../../src/digest/digest-store.js';
import { localDate } from '../../src/digest/schedule.js';
import { paperForMessage } from '../../src/messages/posted-messages.js';
import { silentLogger } from '../../src/log.js';
import { formatJobsReport, redisJobsReport } from '../../jobs/report.js';
import { digestSchedulerId, reconcileChannelSchedule } from '../../jobs/schedules.js';
import { deliverJobId, startWorkers, type RunningWorkers, type WorkerSettings } from '../../jobs/workers.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { createHttpPoster, fakeChannel, withoutFind } from '../fakes/http-poster.js';
import { dropPrefix, jobsTestEnv, makeChannels, until, type JobsTestEnv } from './helpers.js';

const DATE = '2026-11-28';
const SETTINGS: WorkerSettings = {
  paceMs: 200,
  lockDuration: 5_000,
  stalledInterval: 5_000,
  leaseMs: 2_000,
  postTimeoutMs: 1_500,
  deliverRetry: { attempts: 3, backoffMs: 200 },
};

let env: JobsTestEnv;
let fake: FakePlatform;
let workers: RunningWorkers;
const poster = () => createHttpPoster(fake.url);

beforeAll(async () => {
  env = await jobsTestEnv('deliver');
  fake = await startFakePlatform({ minIntervalMs: 150 });
  workers = startWorkers({ app: env.app, queues: env.queues, connection: env.redis, posters: new Map([['fake', poster()]]) }, SETTINGS);
});
afterAll(async () => {
  await workers?.close();
  await fake?.close();
  await env?.close();
});

async function delivered(channelId: number, date = DATE) {
  return until(async () => {
    const d = await findDigest(env.app.db, channelId, date);
    return d && d.status !== 'composed' ? d : null;
  });
}

const inChannel = (workspaceId: string, channelId: string) => fake.messages.filter((m) => m.channel === fakeChannel({ workspaceId, channelId }));

describe('digest fan-out', () => {
  it('posts the header first, then one message per paper threaded under it, each recorded for reactions', async () => {
    const channels = await makeChannels(env.app, 2, { workspace: 'W-fan', topics: ['lora', 'kv cache'], settings: { size: 3 } });
    for (const c of channels) await env.queues.digest.add('digest', { channelId: c.id, date: DATE });
    for (const c of channels) {
      const d = await delivered(c.id);
      expect(d.status).toBe('delivered');
      expect(d.items).toHaveLength(3);
      const msgs = inChannel('W-fan', c.channelId);
      expect(msgs.map((m) => m.key)).toEqual([idempotencyKey(d.id, 'header'), ...d.items.map((i) => idempotencyKey(d.id, i.position))]);
      expect(msgs[0].text).toBe(`Your digest for ${DATE}: 3 papers on lora, kv cache`);
      expect(msgs[0].threadId).toBeNull();
      for (const [i, item] of d.items.entries()) {
        const m = msgs[i + 1];
        expect(m.threadId).toBe(msgs[0].id);
        expect(m.paperId).toBe(item.paperId);
        expect(item).toMatchObject({ state: 'posted', messageId: m.id });
        expect(item.reasons.length).toBeGreaterThan(0); // the card's 'why'
        expect(await paperForMessage(env.app.db, { platform: 'fake', channelId: c.channelId, messageId: m.id })).toMatchObject({ paperId: item.paperId });
      }
    }
    expect(fake.duplicates()).toEqual([]);
  });

  it('a digest job run twice (retry, second worker) yields one digest and posts nothing twice', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-twice', topics: ['diffusion'], settings: { size: 2 } });
    await Promise.all([1, 2, 3].map(() => env.queues.digest.add('digest', { channelId: c.id, date: DATE })));
    const d = await delivered(c.id);
    await new Promise((r) => setTimeout(r, 500)); // let any straggler job finish
    expect(await env.app.db.select().from(digests).where(and(eq(digests.channelId, c.id), eq(digests.date, DATE)))).toHaveLength(1);
    expect(inChannel('W-twice', c.channelId)).toHaveLength(1 + d.items.length);
    expect(fake.duplicates()).toEqual([]);
  });

  it('retries a message after a transient 500 and posts it once', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-500', topics: ['quantization'], settings: { size: 2 } });
    fake.failNext({ status: 500, channel: fakeChannel({ workspaceId: 'W-500', channelId: c.channelId }) });
    await env.queues.digest.add('digest', { channelId: c.id, date: DATE });
    const d = await delivered(c.id);
    expect(d.status).toBe('delivered');
    expect(d.header).toMatchObject({ state: 'posted', attempts: 2 });
    const msgs = inChannel('W-500', c.channelId);
    expect(msgs).toHaveLength(3);
    expect(fake.rejections.filter((r) => r.channel === msgs[0].channel).map((r) => r.status)).toEqual([500]);
    const job = await env.queues.deliver.getJob(deliverJobId(d.id, 'header'));
    expect(job?.attemptsMade).toBe(2); // BullMQ counts finished attempts: the 500, then the retry after backoff
  });

  it('on a 429 waits out Retry-After (without spending an attempt) and posts once', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-429', topics: ['agents'], settings: { size: 1 } });
    const channel = fakeChannel({ workspaceId: 'W-429', channelId: c.channelId });
    fake.failNext({ status: 429, retryAfterS: 2, channel });
    await env.queues.digest.add('digest', { channelId: c.id, date: DATE });
    const d = await delivered(c.id);
    const rejected = fake.rejections.find((r) => r.channel === channel)!;
    const [header, item] = inChannel('W-429', c.channelId);
    expect(rejected.status).toBe(429);
    // Never earlier than the platform asked (lower bound only: a busy machine may be later).
    expect(header.at - rejected.at).toBeGreaterThanOrEqual(2_000 - 20);
    expect(item.threadId).toBe(header.id);
    const job = await env.queues.deliver.getJob(deliverJobId(d.id, 'header'));
    expect(job?.attemptsMade).toBe(1); // only the attempt that posted: moving to delayed on 429 spends none
    expect(d.header.state).toBe('posted');
  });

  it('keeps jobs that exhaust their attempts visible as failed, with the reason, in `paperbot jobs`', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-down', topics: ['vision'], settings: { size: 2 } });
    const channel = fakeChannel({ workspaceId: 'W-down', channelId: c.channelId });
    fake.failNext({ status: 500, channel }, { status: 503, channel }, { status: 500, channel });
    await env.queues.digest.add('digest', { channelId: c.id, date: DATE });
    const d = await delivered(c.id);
    expect(d.status).toBe('partial');
    expect(d.header).toMatchObject({ state: 'failed', attempts: 3 });
    expect(d.header.error).toMatch(/gave up after 3 attempts: TransientPostError: fake platform 500/);
    expect(d.items.every((i) => i.state === 'failed' && /header could not be posted/.test(i.error ?? ''))).toBe(true);
    expect(inChannel('W-down', c.channelId)).toEqual([]);

    const failedJob = await env.queues.deliver.getJob(deliverJobId(d.id, 'header'));
    expect(await failedJob?.getState()).toBe('failed');
    expect(failedJob?.failedReason).toMatch(/fake platform 500/);
    const report = await redisJobsReport(env.queues);
    const ids = report.failures.map((f) => f.id);
    expect(ids).toContain(deliverJobId(d.id, 'header'));
    expect(ids).toContain(deliverJobId(d.id, 1));
    expect(report.counts.deliver?.failed).toBeGreaterThanOrEqual(3);
    const text = formatJobsReport(report);
    expect(text).toMatch(new RegExp(`deliver/${deliverJobId(d.id, 'header')} after 3 attempts: fake platform 500`));
    expect(text).toMatch(/^Queues\n {2}ingest/m);
  });

  it('a scheduler\'s job is dated by its scheduled time in the channel\'s zone', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-sched', topics: ['reasoning'], settings: { size: 1, timezone: 'Pacific/Kiritimati', time: '00:05', days: 'daily' } });
    expect(await reconcileChannelSchedule(env.app, env.queues, c.id)).toBe('added');
    const [job] = (await env.queues.digest.getDelayed()).filter((j) => j.repeatJobKey === digestSchedulerId(c.id));
    const date = localDate(new Date(job.opts.prevMillis!), 'Pacific/Kiritimati');
    await job.promote(); // "it is 00:05 in Kiritimati now"
    const d = await delivered(c.id, date);
    expect(d.date).toBe(date);
    expect(inChannel('W-sched', c.channelId)[0].text).toContain(`Your digest for ${date}`);
    await env.queues.digest.removeJobScheduler(digestSchedulerId(c.id));
  });
});

describe('exactly once under races and crashes (the database decides)', () => {
  const deps = (p = poster()) => ({ db: env.app.db, poster: p, log: silentLogger, leaseMs: 2_000, postTimeoutMs: 1_500 });
  /** Put a digest's header in a state, as a crashed or racing worker would have left it. */
  const setHeader = (digestId: number, values: Partial<typeof digestMessages.$inferInsert>) =>
    env.app.db.update(digestMessages).set(values).where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.slot, 0)));

  it('five racing composers make one digest; five racing deliverers post the header once', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-race', topics: ['retrieval'], settings: { size: 2 } });
    const composed = await Promise.all([1, 2, 3, 4, 5].map(() => composeDigest(env.app, c.id, DATE)));
    expect(new Set(composed.map((d) => d.id)).size).toBe(1);
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => deliverDigestMessage(deps(), composed[0].id, 'header')));
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'posted' || o.kind === 'wait' || o.kind === 'done')).toHaveLength(5);
    expect(inChannel('W-race', c.channelId)).toHaveLength(1);
  });

  async function leaveInPosting(workspace: string, alsoPost: boolean) {
    const [c] = await makeChannels(env.app, 1, { workspace, topics: ['mixture of experts'], settings: { size: 1 } });
    const d = await composeDigest(env.app, c.id, DATE);
    const to = { platform: 'fake', workspaceId: workspace, channelId: c.channelId };
    // A worker claimed the header, maybe posted it, and died before recording the answer.
    if (alsoPost) await poster().post({ to, reply: { text: 'header', cards: [], actions: [], visibility: 'channel' }, idempotencyKey: idempotencyKey(d.id, 'header') });
    await setHeader(d.id, { state: 'posting', attempts: 1, claimedAt: new Date(Date.now() - 60_000) });
    return { c, d };
  }

  it('a stale "posting" that reached the platform is recovered by asking it, not re-posted', async () => {
    const { c, d } = await leaveInPosting('W-rec', true);
    const out = await deliverDigestMessage(deps(), d.id, 'header');
    expect(out.kind).toBe('recovered');
    const msgs = inChannel('W-rec', c.channelId);
    expect(msgs).toHaveLength(1);
    expect((await getDigest(env.app.db, d.id))!.header).toMatchObject({ state: 'posted', messageId: msgs[0].id, threadId: msgs[0].id });
  });

  it('a stale "posting" that never reached the platform is posted after asking', async () => {
    const { c, d } = await leaveInPosting('W-lost', false);
    expect((await deliverDigestMessage(deps(), d.id, 'header')).kind).toBe('posted');
    expect(inChannel('W-lost', c.channelId)).toHaveLength(1);
  });

  it('a platform that cannot be asked gives a stale "posting" up instead of risking a duplicate', async () => {
    const { c, d } = await leaveInPosting('W-blind', true);
    const out = await deliverDigestMessage(deps(withoutFind(poster())), d.id, 'header');
    expect(out).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/not re-posted to avoid a duplicate/) });
    expect(inChannel('W-blind', c.channelId)).toHaveLength(1);
  });

  it('a failed header fails every item, in whatever order they run, and closes the digest', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-hfail', topics: ['lora'], settings: { size: 2 } });
    const d = await composeDigest(env.app, c.id, DATE);
    await setHeader(d.id, { state: 'failed', errorKind: 'permanent', error: 'channel_not_found' });
    expect((await deliverDigestMessage(deps(), d.id, 2)).kind).toBe('failed');
    expect((await deliverDigestMessage(deps(), d.id, 1)).kind).toBe('failed');
    expect((await getDigest(env.app.db, d.id))!.status).toBe('partial');
    expect(inChannel('W-hfail', c.channelId)).toEqual([]);
  });

  it('a fresh "posting" claim held by another worker makes others wait, not post', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-busy', topics: ['lora'], settings: { size: 1 } });
    const d = await composeDigest(env.app, c.id, DATE);
    await setHeader(d.id, { state: 'posting', claimedAt: new Date() });
    const out = await deliverDigestMessage(deps(), d.id, 'header');
    expect(out).toMatchObject({ kind: 'wait', reason: 'another worker is posting it' });
    expect(inChannel('W-busy', c.channelId)).toEqual([]);
  });
});

describe('graceful shutdown', () => {
  it('close() stops taking jobs and lets the active post finish and be recorded', async () => {
    const [c, other] = await makeChannels(env.app, 2, { workspace: 'W-stop', topics: ['reasoning'], settings: { size: 1 } });
    const own = await jobsTestEnvWorkers();
    const hold = fake.holdNext((m) => m.channel === fakeChannel({ workspaceId: 'W-stop', channelId: c.channelId }));
    await own.queues.digest.add('digest', { channelId: c.id, date: DATE });
    await hold.held;
    const closing = own.workers.close();
    setTimeout(() => hold.release(), 300);
    await closing;
    const d = (await findDigest(env.app.db, c.id, DATE))!;
    expect(d.header.state).toBe('posted'); // finished and recorded, not abandoned mid-post
    // Closed workers take nothing new.
    await own.queues.digest.add('digest', { channelId: other.id, date: DATE });
    await new Promise((r) => setTimeout(r, 300));
    expect(await findDigest(env.app.db, other.id, DATE)).toBeNull();
    await own.close();
  });
});

/** Workers on a queue prefix of their own, so closing them leaves the shared ones running. */
async function jobsTestEnvWorkers() {
  const { createQueues } = await import('../../jobs/queues.js');
  const queues = createQueues(env.redis, `${env.prefix}-own`);
  const w = startWorkers({ app: env.app, queues, connection: env.redis, posters: new Map([['fake', poster()]]) }, SETTINGS);
  return {
    queues,
    workers: w,
    async close() {
      await queues.close();
      await dropPrefix(env.redis, queues.prefix);
    },
  };
}
