// A Redis that comes back empty (flushed, or replaced after losing its file) while workers keep
// running: the deliver jobs are gone, the digests in PostgreSQL are still open. The worker's
// periodic sweep must put the jobs back, so every message is posted once, none lost, without a
// worker restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose.js';
import { idempotencyKey } from '../../src/digest/digest.js';
import { findDigest } from '../../src/digest/digest-store.js';
import { startWorkerProcess, type WorkerProcess } from '../../jobs/runtime.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { createHttpPoster, fakeChannel } from '../fakes/http-poster.js';
import { jobsTestEnv, makeChannels, REDIS_URL, until, type JobsTestEnv } from './helpers.js';

const DATE = '2026-11-29';

let env: JobsTestEnv;
let fake: FakePlatform;
let worker: WorkerProcess;

beforeAll(async () => {
  env = await jobsTestEnv('sweep');
  fake = await startFakePlatform({ minIntervalMs: 150 });
  worker = await startWorkerProcess(env.app, {
    redisUrl: REDIS_URL,
    prefix: env.prefix,
    posters: new Map([['fake', createHttpPoster(fake.url)]]),
    settings: { paceMs: 200, lockDuration: 5_000, stalledInterval: 5_000, leaseMs: 2_000, postTimeoutMs: 1_500, deliverRetry: { attempts: 3, backoffMs: 200 } },
    schedules: false,
    sweepEveryMs: 500,
  });
});
afterAll(async () => {
  await worker?.close(2_000);
  await fake?.close();
  await env?.close();
});

describe('a Redis that comes back empty', () => {
  it('the periodic sweep re-enqueues unfinished deliveries from PostgreSQL: each message once, none lost', async () => {
    // Composed and stored, then Redis lost their fan-out (the worker started before: its start-up resume saw nothing).
    const lost = await makeChannels(env.app, 2, { workspace: 'W-lost', topics: ['lora'], settings: { size: 2 } });
    for (const c of lost) await composeDigest(env.app, c.id, DATE);
    // Mid fan-out: some messages posted, then every key of this test's prefix flushed.
    const flushed = await makeChannels(env.app, 2, { workspace: 'W-flush', topics: ['diffusion'], settings: { size: 3 } });
    for (const c of flushed) await env.queues.digest.add('digest', { channelId: c.id, date: DATE });
    // (A digest job lost before composing is the schedule's business: its next run composes it.)
    await until(async () => fake.messages.some((m) => m.channel.startsWith('W-flush/')) && (await Promise.all(flushed.map((c) => findDigest(env.app.db, c.id, DATE)))).every(Boolean), 20_000, 20);
    // At once, like FLUSHDB (a key-by-key delete racing the sweep would leave half-jobs behind).
    await env.redis.eval("for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end", 0, `${env.prefix}:*`);

    for (const [workspace, list] of [['W-lost', lost], ['W-flush', flushed]] as const) {
      for (const c of list) {
        const d = await until(async () => {
          const found = await findDigest(env.app.db, c.id, DATE);
          return found && found.status !== 'composed' ? found : null;
        }, 30_000);
        expect(d.status).toBe('delivered');
        const keys = fake.messages.filter((m) => m.channel === fakeChannel({ workspaceId: workspace, channelId: c.channelId })).map((m) => m.key);
        expect(keys).toEqual([idempotencyKey(d.id, 'header'), ...d.items.map((i) => idempotencyKey(d.id, i.position))]);
      }
    }
    expect(fake.duplicates()).toEqual([]);
  }, 60_000);
});
