// npm run bench:slack
//
// Signed `/papers` requests against the real Bolt app on loopback, 50 at a time, over the
// 119-paper sample and a 100k-paper library. Measures ack latency (request sent -> HTTP answer,
// which is what Slack's 3-second budget is about) and answer latency (request sent -> the reply
// reaching the fake response_url). Baseline in the same run: `/papers help`, which does no search.
//
// The load generator runs in a worker thread and the fake Slack in a child process
// (bench/slack-fake-process.ts), so neither sits on the measured app's event loop.
// Env: BENCH_SLACK_N (requests per phase, default 1000), BENCH_SLACK_LIBRARY (default 100000),
// BENCH_SLACK_WORK (searches run at once after acks; default the app's).
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PLATFORMS } from '../adapters/platforms.js';
import { startSlack } from '../adapters/slack/start.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { normalizePaper, type PaperRecord } from '../src/papers/normalize.js';
import type { PaperInput } from '../src/papers/paper.js';
import { fork, type ChildProcess } from 'node:child_process';
import { commandBody } from '../test/helpers/slack-sign.js';
import { syntheticPapers } from './synthetic-library.js';

const N = Number(process.env.BENCH_SLACK_N ?? 1000);
const LIBRARY = Number(process.env.BENCH_SLACK_LIBRARY ?? 100_000);
const CONCURRENCY = 50;
/** The app's post-ack work queue width (searches at once); default the app's own. */
const WORK = process.env.BENCH_SLACK_WORK ? Number(process.env.BENCH_SLACK_WORK) : undefined;
const SECRET = 'bench-signing-secret';
const QUERIES = [
  'lora',
  'speculative decoding',
  'diffusion models',
  'retrieval augmented generation',
  'mixture of experts',
  'quantization',
  'long context',
  'vision language model',
  'reinforcement learning from human feedback',
  'state space models',
  'agent benchmark',
  'kv cache compression',
];

// Plain CommonJS so the worker needs no TypeScript loader.
const LOADER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const crypto = require('node:crypto');
const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.concurrency });
function send(body) {
  return new Promise((resolve, reject) => {
    const ts = Math.floor(Date.now() / 1000);
    const sig = 'v0=' + crypto.createHmac('sha256', workerData.secret).update('v0:' + ts + ':' + body).digest('hex');
    const t0 = performance.now();
    const req = http.request(workerData.url, { method: 'POST', agent, headers: {
      'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body),
      'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t0, sentAt: performance.timeOrigin + t0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
parentPort.on('message', async ({ bodies }) => {
  const out = new Array(bodies.length);
  let next = 0;
  async function lane() { while (next < bodies.length) { const i = next++; out[i] = await send(bodies[i]); } }
  await Promise.all(Array.from({ length: workerData.concurrency }, lane));
  parentPort.postMessage(out);
});`;

interface Sent {
  status: number;
  ms: number;
  sentAt: number;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(7);

// ---- the 100k library (bench/synthetic-library.ts, the same library as every bench) ------------

async function fillLibrary(core: App, n: number): Promise<void> {
  const inputs: PaperInput[] = syntheticPapers(n, 42);
  const t = performance.now();
  for (let i = 0; i < inputs.length; i += 2_000) {
    const batch: PaperRecord[] = [];
    for (const p of inputs.slice(i, i + 2_000)) {
      try {
        batch.push(normalizePaper(p));
      } catch {
        // a generator quirk; skip it like an import would
      }
    }
    await core.addPapers(batch);
  }
  console.log(`  library: ${core.search.size()} papers (added ${inputs.length} in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}

// ---- one phase -------------------------------------------------------------------------------

let nextId = 0;

/** The fake Slack in its own process: its URL, and the arrival times of response_url calls. */
interface FakeProcess {
  url: string;
  apiUrl: string;
  responseUrl(id: string): string;
  /** Wait until every id has been answered; arrival times in ms since the epoch. */
  answers(ids: string[]): Promise<Map<string, number>>;
  problems: string[];
  close(): Promise<void>;
}

async function startFakeProcess(): Promise<FakeProcess> {
  const child: ChildProcess = fork(new URL('./slack-fake-process.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  const ready = await new Promise<{ url: string; apiUrl: string }>((resolve) => child.once('message', resolve as never));
  const seen = new Map<string, number>();
  const problems: string[] = [];
  const ask = () =>
    new Promise<void>((resolve) => {
      child.once('message', (m: { out: Record<string, number>; problems: string[] }) => {
        for (const [k, v] of Object.entries(m.out)) seen.set(k, v);
        problems.push(...m.problems);
        resolve();
      });
      child.send({ type: 'answers' });
    });
  return {
    ...ready,
    problems,
    responseUrl: (id) => `${ready.url}/respond/${id}`,
    async answers(ids) {
      const deadline = Date.now() + 300_000;
      for (;;) {
        await ask();
        if (ids.every((id) => seen.has(id))) return new Map(ids.map((id) => [id, seen.get(id)!]));
        if (Date.now() > deadline) throw new Error('the fake Slack did not receive every answer');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

interface PhaseResult {
  ack: number[];
  answer: number[];
  seconds: number;
  /** The server's event loop: p99 delay, and the longest garbage-collection pause, in ms. */
  loopP99: number;
  gcMax: number;
}

async function phase(worker: Worker, fake: FakeProcess, texts: string[]): Promise<PhaseResult> {
  const ids = texts.map(() => `b${++nextId}`);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let gcMax = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  loop.enable();
  const bodies = texts.map((t, i) => commandBody({ teamId: `TBENCH${i % 5}`, userId: `U${i % 97}`, channelId: `C${i % 13}` }, t, fake.responseUrl(ids[i])));
  const t0 = performance.now();
  const sent = await new Promise<Sent[]>((resolve) => {
    worker.once('message', resolve);
    worker.postMessage({ bodies });
  });
  const byId = await fake.answers(ids);
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  gc.disconnect();
  const bad = sent.filter((s) => s.status !== 200).length;
  if (bad) throw new Error(`${bad} requests were not acked with 200`);
  return { ack: sent.map((s) => s.ms), answer: sent.map((s, i) => byId.get(ids[i])! - s.sentAt), seconds, loopP99: loop.percentile(99) / 1e6, gcMax };
}

async function run(label: string, fake: FakeProcess, core: App) {
  const rt = await startSlack(core, { port: 0, host: '127.0.0.1', concurrency: WORK });
  const worker = new Worker(LOADER, { eval: true, workerData: { url: `http://127.0.0.1:${rt.port}/slack/events`, secret: SECRET, concurrency: CONCURRENCY } });
  try {
    await phase(worker, fake, Array.from({ length: 100 }, (_, i) => (i % 2 ? 'help' : QUERIES[i % QUERIES.length]))); // warm-up
    const help = await phase(worker, fake, Array.from({ length: N }, () => 'help'));
    const search = await phase(worker, fake, Array.from({ length: N }, (_, i) => QUERIES[i % QUERIES.length]));
    // the search alone, same process, for context
    const t = performance.now();
    for (let i = 0; i < 200; i++) core.search.search(QUERIES[i % QUERIES.length], { limit: 5 });
    const searchMs = (performance.now() - t) / 200;
    for (const [name, r] of [
      ['/papers help', help],
      ['/papers <query>', search],
    ] as const) {
      console.log(
        `${label.padEnd(13)} ${name.padEnd(16)} ${String(N).padStart(5)}  ack ${f(pct(r.ack, 50))} ${f(pct(r.ack, 95))} ${f(pct(r.ack, 99))}   answer ${f(pct(r.answer, 50))} ${f(pct(r.answer, 95))} ${f(pct(r.answer, 99))}   ${(N / r.seconds).toFixed(0).padStart(5)}/s   loop p99 ${f(r.loopP99)}  gc max ${f(r.gcMax)}`,
      );
    }
    console.log(`${''.padEnd(13)} search alone: ${searchMs.toFixed(2)} ms/query; ack p99 ratio search/help: ${(pct(search.ack, 99) / pct(help.ack, 99)).toFixed(2)}`);
    return { helpP99: pct(help.ack, 99), searchP99: pct(search.ack, 99) };
  } finally {
    await worker.terminate();
    await rt.stop();
  }
}

async function main() {
  const fake = await startFakeProcess();
  const env = { DATABASE_URL: 'memory://', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl };
  console.log(`bench:slack  ${CONCURRENCY} concurrent signed requests, ${N} per phase; latencies in ms (p50 p95 p99)`);
  console.log(`${'library'.padEnd(13)} ${'request'.padEnd(16)} ${'n'.padStart(5)}  ack ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}   answer ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}   throughput   server event loop`);
  console.log(`machine: ${(await import('node:os')).cpus().length} cores, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} at start`);
  const results: Array<{ label: string; helpP99: number; searchP99: number }> = [];

  const small = await createApp(loadConfig(env, PLATFORMS), { seed: true, syncIntervalMs: 0 });
  results.push({ label: '119 papers', ...(await run('119 papers', fake, small)) });
  await small.close();

  const big = await createApp(loadConfig(env, PLATFORMS), { seed: true, syncIntervalMs: 0 });
  await fillLibrary(big, LIBRARY);
  const label = `${Math.round(big.search.size() / 1000)}k papers`;
  results.push({ label, ...(await run(label, fake, big)) });
  await big.close();

  if (fake.problems.length) console.log(`Block Kit problems seen by the fake: ${fake.problems.slice(0, 5).join('; ')}`);
  else console.log('every reply the fake received was inside Block Kit limits');
  for (const r of results) console.log(`target p99 ack < 300 ms, ${r.label}: ${r.searchP99 < 300 ? 'met' : 'MISSED'} (${r.searchP99.toFixed(1)} ms)`);
  await fake.close();
}

await main();
