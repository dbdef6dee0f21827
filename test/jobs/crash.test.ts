// A worker process killed with SIGKILL in the middle of a fan-out, exactly when a message has
// reached the platform but its answer has not reached the worker; then restarted next to a second
// worker. Every channel must end with one digest, every message posted once, none lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digests, postedMessages } from '../../src/db/schema.js';
import { idempotencyKey } from '../../src/digest/digest.js';
import { getDigest } from '../../src/digest/digest-store.js';
import type { WorkerSettings } from '../../jobs/workers.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { fakeChannel } from '../fakes/http-poster.js';
import { jobsTestEnv, makeChannels, REDIS_URL, until, type JobsTestEnv } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATE = '2026-11-30';
const SETTINGS: WorkerSettings = { lockDuration: 2_000, stalledInterval: 1_000, maxStalledCount: 5, leaseMs: 1_500, postTimeoutMs: 1_000, paceMs: 1_100 };

let env: JobsTestEnv;
let fake: FakePlatform;
const children = new Set<ChildProcess>();

async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/worker-main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: env.prefix,
      FAKE_PLATFORM_URL: fake.url,
      WORKER_SETTINGS: JSON.stringify(SETTINGS),
      WORKER_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
  return child;
}

beforeAll(async () => {
  env = await jobsTestEnv('crash');
  fake = await startFakePlatform({ minIntervalMs: 1_000 });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await fake?.close();
  await env?.close();
});

describe('a worker killed mid fan-out', () => {
  it('leaves every channel with exactly one digest and every message posted once, none lost', async () => {
    const channels = await makeChannels(env.app, 8, { workspace: 'W-crash', topics: ['lora', 'reasoning'], settings: { size: 3 } });
    const first = await startWorker();

    // Hold the 10th message: it is on the platform, its answer never reaches the worker.
    const hold = fake.holdNext(() => fake.messages.length >= 10);
    for (const c of channels) await env.queues.digest.add('digest', { channelId: c.id, date: DATE });
    // A racing duplicate trigger for some channels (schedule + "digest now").
    for (const c of channels.slice(0, 3)) await env.queues.digest.add('digest', { channelId: c.id, date: DATE });
    const held = await hold.held;

    first.kill('SIGKILL');
    await once(first, 'exit');
    hold.release();

    // The crash window was hit: the held message is on the platform but recorded only as 'posting'.
    const heldDigest = Number(/paperbot-digest-(\d+)-/.exec(held.key!)![1]);
    const d0 = (await getDigest(env.app.db, heldDigest))!;
    const heldSlot = held.key!.endsWith('-h') ? d0.header.state : d0.items.find((i) => idempotencyKey(d0.id, i.position) === held.key)!.state;
    expect(heldSlot).toBe('posting');
    const postedBeforeRestart = fake.messages.length;
    expect(postedBeforeRestart).toBeLessThan(channels.length * 4);

    // Restart, with a second worker racing it.
    const [second, third] = await Promise.all([startWorker(), startWorker()]);
    await until(
      async () => {
        const open = await env.app.db.select({ n: sql<number>`count(*)::int` }).from(digests).where(eq(digests.status, 'composed'));
        const all = await env.app.db.select({ n: sql<number>`count(*)::int` }).from(digests);
        return all[0].n === channels.length && open[0].n === 0;
      },
      45_000,
      200,
    );

    const perChannel = await env.app.db
      .select({ channelId: digests.channelId, n: sql<number>`count(*)::int` })
      .from(digests)
      .groupBy(digests.channelId);
    expect(perChannel).toHaveLength(channels.length);
    expect(perChannel.every((r) => r.n === 1)).toBe(true);

    let items = 0;
    for (const c of channels) {
      const [row] = await env.app.db.select().from(digests).where(eq(digests.channelId, c.id));
      const d = (await getDigest(env.app.db, row.id))!;
      expect(d.status).toBe('delivered');
      const msgs = fake.messages.filter((m) => m.channel === fakeChannel({ workspaceId: 'W-crash', channelId: c.channelId }));
      // Header and each paper exactly once, in order, and the ids the database holds are the platform's.
      expect(msgs.map((m) => m.key)).toEqual([idempotencyKey(d.id, 'header'), ...d.items.map((i) => idempotencyKey(d.id, i.position))]);
      expect(d.header.messageId).toBe(msgs[0].id);
      expect(d.items.map((i) => i.messageId)).toEqual(msgs.slice(1).map((m) => m.id));
      expect(msgs.slice(1).every((m) => m.threadId === msgs[0].id)).toBe(true);
      expect(new Set(msgs.slice(1).map((m) => m.paperId)).size).toBe(d.items.length);
      items += d.items.length;
    }
    expect(fake.duplicates()).toEqual([]);
    // The held message was recovered (asked for), not posted again.
    expect(fake.messages.filter((m) => m.key === held.key)).toHaveLength(1);
    expect(fake.calls.finds).toBeGreaterThanOrEqual(1);
    const [pm] = await env.app.db.select({ n: sql<number>`count(*)::int` }).from(postedMessages);
    expect(pm.n).toBe(items);

    // SIGTERM: the workers stop taking jobs, close, and exit cleanly.
    second.kill('SIGTERM');
    third.kill('SIGTERM');
    const codes = await Promise.all([once(second, 'exit'), once(third, 'exit')]);
    expect(codes.map(([code]) => code)).toEqual([0, 0]);
  }, 90_000);
});
