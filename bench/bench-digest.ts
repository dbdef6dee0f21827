// npm run bench:digest: the 09:00 rush. 1,000 subscribed channels fire at once; worker processes
// (real BullMQ on Redis, real PostgreSQL) compose each digest and post it to a loopback fake
// platform that allows 1 message per second per channel and answers 5% of calls with 429 or 500.
// Runs, in one go: the old settings with 1 worker (baseline: deliver 100 / digest 20 jobs at once
// on a 10-connection pool), then today's settings with 1, 2 and 4 worker processes; prints time,
// when the last digest was composed, messages, duplicates, losses and the scaling ratios.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { inArray, sql } from 'drizzle-orm';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { channels, digestItems, digests, subscriptions, workspaces } from '../src/db/schema.js';
import { idempotencyKey } from '../src/digest/digest.js';
import { closeRedis, createRedis } from '../jobs/connection.js';
import { createQueues } from '../jobs/queues.js';
import { startFakePlatform } from '../test/fakes/fake-platform.js';
import { fakeChannel } from '../test/fakes/http-poster.js';
import { dropPrefix, REDIS_URL, scratchPostgres } from '../test/jobs/helpers.js';

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 1000);
const FAULT_RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.05);
const TARGET_S = 60;
const TOPICS = ['lora', 'diffusion', 'reasoning', 'speculative decoding', 'mixture of experts', 'retrieval', 'quantization', 'agents', 'vision', 'kv cache'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** How a run's workers are set up: the baseline reproduces the settings before issue 18. */
interface RunSetup {
  label: string;
  workers: number;
  concurrency: { deliver: number; digest: number };
  poolSize: number;
}

const BASELINE = { concurrency: { deliver: 100, digest: 20 }, poolSize: 10 };
/**
 * Deliveries are short query chains and mostly wait on pacing: 15 connections a worker keeps them
 * off each other's backs, and 4 workers (60) stay inside PostgreSQL's default 100 connections.
 */
const CURRENT = { concurrency: { deliver: 100, digest: 10 }, poolSize: 15 };

interface RunResult {
  label: string;
  workers: number;
  /** From the trigger to the last digest row written (compose), and to the last message. */
  composedS: number;
  totalS: number;
  expected: number;
  posted: number;
  duplicates: number;
  losses: number;
  rateLimited: number;
  failed500: number;
  maxChannelS: number;
  p50ChannelS: number;
  /** From the 09:00 trigger to a channel's header (compose + fan-out), and header to last message. */
  p50FirstS: number;
  p50SpreadS: number;
  undelivered: number;
}

/** `n` channels on the fake platform under workspace `tag-Wk`, each following two topics. */
async function makeChannels(app: App, tag: string, n: number): Promise<number[]> {
  const ws = Array.from({ length: 10 }, (_, k) => ({ platform: 'fake', id: `${tag}-W${k}` }));
  await app.db.insert(workspaces).values(ws).onConflictDoNothing();
  const rows = await app.db
    .insert(channels)
    .values(Array.from({ length: n }, (_, i) => ({ platform: 'fake', workspaceId: `${tag}-W${i % 10}`, channelId: `C${tag}${i}`, digestSize: 5 })))
    .returning({ id: channels.id });
  await app.db.insert(subscriptions).values(
    rows.flatMap((r, i) => [
      { channelId: r.id, topic: TOPICS[i % TOPICS.length] },
      { channelId: r.id, topic: TOPICS[(i * 7 + 3) % TOPICS.length] },
    ]).filter((s, i, all) => i === 0 || all[i - 1].channelId !== s.channelId || all[i - 1].topic !== s.topic),
  );
  return rows.map((r) => r.id);
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_NODE_ARGS: extra node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'test/fakes/worker-main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

async function runOnce(app: App, databaseUrl: string, setup: RunSetup, tag: string): Promise<RunResult> {
  const { workers } = setup;
  const ids = await makeChannels(app, tag, CHANNELS);
  const fake = await startFakePlatform({ minIntervalMs: 1_000, faultRate: FAULT_RATE, seed: workers });
  const prefix = `pbbench-${tag}-${process.pid}`;
  const redis = createRedis(REDIS_URL, 'worker');
  const queues = createQueues(redis, prefix);
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    FAKE_PLATFORM_URL: fake.url,
    WORKER_SETTINGS: JSON.stringify({ concurrency: setup.concurrency }),
    DATABASE_POOL_SIZE: String(setup.poolSize),
    WORKER_LOG_LEVEL: 'error',
  };
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  const date = '2026-11-30';

  const t0 = Date.now();
  await queues.digest.addBulk(ids.map((channelId) => ({ name: 'digest', data: { channelId, date } })));
  const count = async (status?: string) =>
    Number(
      (await app.db.select({ n: sql<number>`count(*)::int` }).from(digests).where(sql`${inArray(digests.channelId, ids)} ${status ? sql`and ${digests.status} = ${status}` : sql``}`))[0].n,
    );
  const deadline = t0 + 240_000;
  while (Date.now() < deadline && !((await count()) === ids.length && (await count('composed')) === 0)) await new Promise((r) => setTimeout(r, 250));
  const totalS = (Date.now() - t0) / 1000;

  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : null)));

  // What should be on the platform, from the database, against what is.
  const rows = await app.db
    .select({ id: digests.id, channelId: digests.channelId, status: digests.status, workspaceId: channels.workspaceId, ext: channels.channelId, createdAt: digests.createdAt })
    .from(digests)
    .innerJoin(channels, sql`${channels.id} = ${digests.channelId}`)
    .where(inArray(digests.channelId, ids));
  const items = await app.db.select({ digestId: digestItems.digestId, position: digestItems.position }).from(digestItems).where(inArray(digestItems.digestId, rows.map((r) => r.id)));
  const onPlatform = new Map<string, number>();
  for (const m of fake.messages) onPlatform.set(`${m.channel} ${m.key}`, (onPlatform.get(`${m.channel} ${m.key}`) ?? 0) + 1);
  let expected = 0;
  let losses = 0;
  const served: number[] = [];
  const byDigest = new Map<number, number[]>();
  for (const it of items) byDigest.set(it.digestId, [...(byDigest.get(it.digestId) ?? []), it.position]);
  const lastAt = new Map<string, number>();
  const firstAt = new Map<string, number>();
  for (const m of fake.messages) {
    lastAt.set(m.channel, Math.max(lastAt.get(m.channel) ?? 0, m.at));
    firstAt.set(m.channel, Math.min(firstAt.get(m.channel) ?? Infinity, m.at));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const p50FirstS = median([...firstAt.values()].map((t) => (t - t0) / 1000));
  const p50SpreadS = median([...firstAt].map(([ch, t]) => (lastAt.get(ch)! - t) / 1000));
  for (const r of rows) {
    const ch = fakeChannel({ workspaceId: r.workspaceId, channelId: r.ext });
    const keys = [idempotencyKey(r.id, 'header'), ...(byDigest.get(r.id) ?? []).map((p) => idempotencyKey(r.id, p))];
    expected += keys.length;
    losses += keys.filter((k) => !onPlatform.has(`${ch} ${k}`)).length;
    served.push(((lastAt.get(ch) ?? Date.now()) - t0) / 1000);
  }
  losses += (ids.length - rows.length) * 6; // a channel without a digest lost its whole digest
  served.sort((a, b) => a - b);
  const duplicates = [...onPlatform.values()].reduce((n, c) => n + c - 1, 0);

  await queues.close();
  await dropPrefix(redis, prefix);
  await closeRedis(redis);
  await fake.close();
  return {
    label: setup.label,
    workers,
    composedS: (Math.max(...rows.map((r) => r.createdAt.getTime())) - t0) / 1000,
    totalS,
    expected,
    posted: fake.messages.length,
    duplicates,
    losses,
    rateLimited: fake.rejections.filter((r) => r.status === 429).length,
    failed500: fake.rejections.filter((r) => r.status >= 500).length,
    maxChannelS: served[served.length - 1] ?? 0,
    p50ChannelS: served[Math.floor(served.length / 2)] ?? 0,
    p50FirstS,
    p50SpreadS,
    undelivered: rows.filter((r) => r.status !== 'delivered').length,
  };
}

async function main() {
  const db = await scratchPostgres();
  const app = await createApp(loadConfig({ DATABASE_URL: db.url }), { seed: true, syncIntervalMs: 0 });
  try {
    console.log(`bench:digest  ${CHANNELS} channels x (header + up to 5 papers); fake platform: 1 msg/s per channel, ${FAULT_RATE * 100}% of calls 429 or 500; load average at start ${loadavg()[0].toFixed(1)} (figures are only comparable within one run)`);
    const results: RunResult[] = [];
    // BENCH_WORKERS: today's settings with these worker counts, in order (default "1,2,4");
    // BENCH_BASELINE=0 skips the 1-worker run with the old settings that goes first.
    const counts = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
    const setups: RunSetup[] = [
      ...(process.env.BENCH_BASELINE === '0' ? [] : [{ label: 'baseline (old settings)', workers: 1, ...BASELINE }]),
      ...counts.map((workers) => ({ label: `${workers} worker process${workers > 1 ? 'es' : ''}`, workers, ...CURRENT })),
    ];
    for (const [i, setup] of setups.entries()) {
      const r = await runOnce(app, db.url, setup, `r${i}w${setup.workers}`);
      results.push(r);
      console.log(
        `  ${r.label}: ${r.totalS.toFixed(1)} s total (last digest composed at ${r.composedS.toFixed(1)} s); ${r.posted}/${r.expected} messages posted; ` +
          `duplicates ${r.duplicates}; losses ${r.losses}; undelivered digests ${r.undelivered}; ` +
          `429s ${r.rateLimited}, 5xx ${r.failed500}; channel served p50 ${r.p50ChannelS.toFixed(1)} s, max ${r.maxChannelS.toFixed(1)} s ` +
          `(first message p50 ${r.p50FirstS.toFixed(1)} s, first to last p50 ${r.p50SpreadS.toFixed(1)} s)`,
      );
    }
    const current = results.filter((r) => !r.label.startsWith('baseline'));
    const one = current.find((r) => r.workers === 1);
    const base = results.find((r) => r.label.startsWith('baseline'));
    if (base && one) console.log(`  1 worker, old settings / today's (total time): ${(base.totalS / one.totalS).toFixed(2)}x`);
    if (one) for (const r of current.filter((x) => x.workers > 1)) console.log(`  scaling, 1 worker / ${r.workers} workers (total time): ${(one.totalS / r.totalS).toFixed(2)}x`);
    const goals: Record<number, number> = { 1: 15, 2: 10, 4: 8 };
    for (const r of current) if (goals[r.workers]) console.log(`  goal ${r.workers} worker${r.workers > 1 ? 's' : ''} < ${goals[r.workers]} s: ${r.totalS < goals[r.workers] ? 'MET' : 'NOT MET'} (${r.totalS.toFixed(1)} s)`);
    const last = results[results.length - 1];
    const ok = results.every((r) => r.duplicates === 0 && r.losses === 0) && last.maxChannelS <= TARGET_S;
    console.log(`  targets: duplicates 0 and losses 0 in every run, every channel served within ${TARGET_S} s (${last.label}): ${ok ? 'MET' : 'NOT MET'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await app.close();
    await db.drop();
  }
}

await main();
