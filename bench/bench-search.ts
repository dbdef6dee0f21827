/**
 * `npm run bench:search [-- --papers N] [--synthetic]`: index build time, query latency and memory at
 * 100,000 papers, ours against MiniSearch, same run, same papers, same queries. The papers are the real
 * arXiv ML corpus in ../shared/data when it is there (bench/real-library.ts), the synthetic library
 * (bench/synthetic-library.ts) otherwise or with --synthetic.
 *
 * Each engine is measured in its own child process (node --expose-gc), so one engine's garbage never
 * counts against the other: papers are generated and added in pages of 5,000 (as the app loads its index
 * from the database), garbage is collected, RSS and heap are read, then a fixed mix of 300 queries is
 * timed one query at a time (after a warm-up of 60).
 * MiniSearch runs the baseline configuration of eval:search (title boost 2, prefix, fuzzy 0.2).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { createBm25fIndex } from '../src/search/engine.js';
import { progress } from '../src/progress.js';
import { corpusVectors } from './eval-vectors.js';
import { hasRealCorpus, readRealPages, REAL_CORPUS } from './real-library.js';
import { syntheticPaper, type SyntheticPaper } from './synthetic-library.js';

const SELF = fileURLToPath(import.meta.url);
const SAMPLE = fileURLToPath(new URL('../samples/seed-papers.jsonl', import.meta.url));
const TARGETS = { p95Ms: 10, buildS: 20, rssMb: 400 };

interface Measured {
  engine: string;
  papers: number;
  buildMs: number;
  /** fused: computing every paper's vector once the word vectors are set (first query). */
  vectorsMs?: number;
  /** fused: learning the word vectors (0 when read from eval:search's cache). */
  learnMs?: number;
  rssMb: number;
  heapMb: number;
  rssBeforeMb: number;
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Per-query CPU time of the process: less disturbed than wall time on a shared machine. */
  cpuP50: number;
  cpuP95: number;
  byKind: Record<string, { p50: number; p95: number }>;
  addMs?: number;
  hits: number;
}

/** A deterministic mix of the queries people type: words, phrases, acronyms, typos, pasted text. */
export function queryMix(): Array<{ kind: string; q: string }> {
  const rows = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { title: string; abstract: string });
  const stop = new Set(['a', 'an', 'the', 'of', 'for', 'in', 'on', 'and', 'to', 'with', 'via', 'from', 'by', 'at', 'as', 'is']);
  const words = (s: string) => s.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w.length > 2 && !stop.has(w));
  const out: Array<{ kind: string; q: string }> = [];
  rows.forEach((r, i) => {
    const w = words(r.title);
    if (w.length >= 2) out.push({ kind: 'two words', q: `${w[0]} ${w[1]}` });
    if (i % 2 === 0 && w.length >= 1) out.push({ kind: 'one word', q: w[w.length - 1] });
    if (i % 3 === 0 && w.length >= 4) out.push({ kind: 'three+ words', q: w.slice(1, 4 + (i % 3)).join(' ') });
    const long = w.find((x) => x.length >= 7 && /^[a-z]+$/.test(x));
    if (long && i % 3 === 1) {
      const k = 2 + (i % (long.length - 3));
      out.push({ kind: 'typo', q: i % 2 === 1 ? long.slice(0, k) + long.slice(k + 1) : long.slice(0, k) + long[k + 1] + long[k] + long.slice(k + 2) });
    }
    if (i % 6 === 2) out.push({ kind: 'pasted title', q: r.title });
    if (i % 12 === 5) out.push({ kind: 'pasted abstract', q: r.abstract.slice(0, 250) });
  });
  for (const a of ['lora', 'moe', 'llm', 'peft', 'kd', 'rlvr', 'qlora', 'low-rank adaptation', 'mixture of experts', 'large language models', 'speculative decoding', 'kv cache']) {
    out.push({ kind: 'acronym/phrase', q: a });
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function gc() {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

const mb = (b: number) => b / 1024 / 1024;

/** Papers are generated and added in pages of 5,000, as the app loads its index from the database. */
const PAGE = 5_000;

type Corpus = 'real' | 'synthetic';

/** The papers in pages, as the app's start-up load reads them. */
async function pages(corpus: Corpus, n: number, onPage: (page: SyntheticPaper[]) => void): Promise<number> {
  if (corpus === 'real') return readRealPages(n, PAGE, onPage);
  for (let start = 0; start < n; start += PAGE) {
    const page: SyntheticPaper[] = [];
    for (let i = start; i < Math.min(n, start + PAGE); i++) page.push(syntheticPaper(i));
    onPage(page);
  }
  return n;
}

async function child(engine: string, n: number, corpus: Corpus): Promise<Measured> {
  gc();
  const rssBefore = process.memoryUsage().rss;
  let search: (q: string) => number;
  let add: (page: SyntheticPaper[]) => void;
  let addMore: (() => number) | undefined;
  let afterBuild: (() => Promise<void>) | undefined;
  const extra: Partial<Measured> = {};
  if (engine === 'ours' || engine === 'fused') {
    const index = createBm25fIndex(engine === 'ours' ? { semanticWeight: 0 } : {});
    add = (page) => index.add(page);
    if (engine === 'fused') {
      afterBuild = async () => {
        if (corpus !== 'real') throw new Error('fused needs the real corpus to learn word vectors from');
        const learned = (await corpusVectors(n))!;
        extra.learnMs = learned.learnS * 1000;
        index.setTermVectors(learned.tv);
        const t = performance.now();
        index.search('warm up');
        extra.vectorsMs = performance.now() - t;
      };
    }
    search = (q) => index.search(q, { limit: 10 }).hits.length;
    addMore = () => {
      const more: SyntheticPaper[] = [];
      for (let i = 0; i < 1000; i++) more.push(syntheticPaper(n + i));
      const t = performance.now();
      for (const p of more) index.add([p]);
      return performance.now() - t;
    };
  } else {
    const ms = new MiniSearch<SyntheticPaper>({ fields: ['title', 'abstract'], searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 } });
    add = (page) => ms.addAll(page);
    search = (q) => ms.search(q).length;
  }
  let building = 0;
  let loaded = 0;
  const bar = progress(`${engine}: building`, n);
  const got = await pages(corpus, n, (page) => {
    const t = performance.now();
    add(page);
    building += performance.now() - t;
    bar.tick((loaded += page.length));
  });
  bar.end();
  const buildMs = building;
  await afterBuild?.();
  gc();
  const mem = process.memoryUsage();

  const mix = queryMix();
  for (const { q } of mix.slice(0, 60)) search(q); // warm-up: JIT and lazily built structures
  const times: number[] = [];
  const cpu: number[] = [];
  const byKind = new Map<string, number[]>();
  let hits = 0;
  for (const { kind, q } of mix) {
    const c = process.cpuUsage();
    const t = performance.now();
    hits += search(q);
    const dt = performance.now() - t;
    const dc = process.cpuUsage(c);
    times.push(dt);
    cpu.push((dc.user + dc.system) / 1000);
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind)!.push(dt);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const kinds: Measured['byKind'] = {};
  for (const [k, v] of byKind) {
    v.sort((a, b) => a - b);
    kinds[k] = { p50: percentile(v, 50), p95: percentile(v, 95) };
  }
  return {
    engine,
    papers: got,
    buildMs,
    rssMb: mb(mem.rss),
    heapMb: mb(mem.heapUsed),
    rssBeforeMb: mb(rssBefore),
    queries: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1],
    cpuP50: percentile(cpu, 50),
    cpuP95: percentile(cpu, 95),
    byKind: kinds,
    hits,
    ...extra,
    ...(addMore ? { addMs: addMore() } : {}),
  };
}

/** One engine in its own process; its progress (stderr) goes straight to the terminal. */
function runChild(engine: string, n: number, corpus: Corpus): Promise<Measured> {
  const args = ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', SELF, '--child', engine, '--papers', String(n), '--corpus', corpus];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${engine} bench failed (exit ${code})`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured);
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const at = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const n = Number(at('--papers') ?? 100_000);
  if (!Number.isInteger(n) || n < 1) {
    console.error('--papers must be a positive whole number');
    process.exit(2);
  }
  const engine = at('--child');
  if (engine) {
    process.stdout.write(`${JSON.stringify(await child(engine, n, at('--corpus') as Corpus))}\n`);
    return;
  }
  let corpus: Corpus = 'synthetic';
  if (!args.includes('--synthetic')) {
    if (hasRealCorpus()) corpus = 'real';
    else console.log(`(${REAL_CORPUS} not found: using the synthetic library)`);
  }

  const mixed = queryMix();
  const kinds = [...new Set(mixed.map((m) => m.kind))].map((k) => `${mixed.filter((m) => m.kind === k).length} ${k}`);
  const what = corpus === 'real' ? 'real arXiv ML papers (../shared/data)' : 'synthetic papers';
  console.log(`search bench: ${n.toLocaleString('en')} ${what}; ${mixed.length} queries (${kinds.join(', ')}); node ${process.version}; load average ${os.loadavg()[0].toFixed(1)}\n`);
  const ours = await runChild('ours', n, corpus);
  // --no-minisearch: for quick profiling runs only; the MiniSearch column then repeats ours.
  const skipped = args.includes('--no-minisearch');
  if (skipped) console.log('(--no-minisearch: MiniSearch not run, its column repeats ours; not a result)');
  const theirs = skipped ? ours : await runChild('minisearch', n, corpus);
  // Lexical + semantic, word vectors learned from the real corpus (eval:search's cache when it has them).
  const fused = corpus === 'real' && !args.includes('--no-fused') ? await runChild('fused', n, corpus) : null;
  const f = (x: number, d = 2) => x.toFixed(d);
  const ratio = (a: number, b: number) => (b > 0 ? `${f(a / b)}x` : '-');
  console.log('| metric | ours | MiniSearch | ours/MiniSearch |');
  console.log('|---|---|---|---|');
  console.log(`| index build (s) | ${f(ours.buildMs / 1000)} | ${f(theirs.buildMs / 1000)} | ${ratio(ours.buildMs, theirs.buildMs)} |`);
  console.log(`| query p50 (ms) | ${f(ours.p50, 3)} | ${f(theirs.p50, 3)} | ${ratio(ours.p50, theirs.p50)} |`);
  console.log(`| query p95 (ms) | ${f(ours.p95, 3)} | ${f(theirs.p95, 3)} | ${ratio(ours.p95, theirs.p95)} |`);
  console.log(`| query p99 (ms) | ${f(ours.p99, 3)} | ${f(theirs.p99, 3)} | ${ratio(ours.p99, theirs.p99)} |`);
  console.log(`| query max (ms) | ${f(ours.max, 3)} | ${f(theirs.max, 3)} | ${ratio(ours.max, theirs.max)} |`);
  console.log(`| query CPU p50 / p95 (ms) | ${f(ours.cpuP50, 3)} / ${f(ours.cpuP95, 3)} | ${f(theirs.cpuP50, 3)} / ${f(theirs.cpuP95, 3)} | ${ratio(ours.cpuP95, theirs.cpuP95)} |`);
  console.log(`| RSS after build (MB) | ${f(ours.rssMb, 0)} | ${f(theirs.rssMb, 0)} | ${ratio(ours.rssMb, theirs.rssMb)} |`);
  console.log(`| RSS added by the index (MB) | ${f(ours.rssMb - ours.rssBeforeMb, 0)} | ${f(theirs.rssMb - theirs.rssBeforeMb, 0)} | ${ratio(ours.rssMb - ours.rssBeforeMb, theirs.rssMb - theirs.rssBeforeMb)} |`);
  console.log(`| JS heap after build (MB) | ${f(ours.heapMb, 0)} | ${f(theirs.heapMb, 0)} | ${ratio(ours.heapMb, theirs.heapMb)} |`);
  if (fused) {
    console.log(`\nfused (lexical + semantic, same queries): p50 ${f(fused.p50, 3)} ms, p95 ${f(fused.p95, 3)} ms, p99 ${f(fused.p99, 3)} ms, CPU p50 / p95 ${f(fused.cpuP50, 3)} / ${f(fused.cpuP95, 3)} ms; RSS after build ${f(fused.rssMb, 0)} MB`);
    console.log(`  every paper's vector computed in ${f(fused.vectorsMs! / 1000)} s after the lexical build; word vectors ${fused.learnMs ? `learned in ${f(fused.learnMs / 1000, 1)} s` : "read from eval:search's cache (learning time: npm run eval:search -- --relearn)"}`);
  }
  console.log(`\nper query kind, p50 / p95 (ms):`);
  console.log('| kind | ours | MiniSearch |');
  console.log('|---|---|---|');
  for (const k of Object.keys(ours.byKind)) {
    console.log(`| ${k} | ${f(ours.byKind[k].p50, 3)} / ${f(ours.byKind[k].p95, 3)} | ${f(theirs.byKind[k].p50, 3)} / ${f(theirs.byKind[k].p95, 3)} |`);
  }
  if (ours.addMs !== undefined) console.log(`\nours: adding 1,000 more papers one at a time: ${f(ours.addMs, 0)} ms (${f(ours.addMs / 1000, 3)} ms a paper)`);
  console.log(`(RSS of the bare child process before building: ours ${f(ours.rssBeforeMb, 0)} MB, MiniSearch ${f(theirs.rssBeforeMb, 0)} MB. Build time counts only the engines' add calls, not generating the papers.)`);

  const checks = [
    [`p95 ${f(ours.p95, 2)} ms < ${TARGETS.p95Ms} ms`, ours.p95 < TARGETS.p95Ms],
    [`build ${f(ours.buildMs / 1000, 1)} s < ${TARGETS.buildS} s`, ours.buildMs / 1000 < TARGETS.buildS],
    [`RSS ${f(ours.rssMb, 0)} MB < ${TARGETS.rssMb} MB`, ours.rssMb < TARGETS.rssMb],
    [`p95 below MiniSearch's (${f(theirs.p95, 2)} ms)`, ours.p95 < theirs.p95],
    ...(fused ? [[`fused p95 ${f(fused.p95, 2)} ms < 15 ms`, fused.p95 < 15] as const] : []),
  ] as const;
  const load = os.loadavg()[0];
  if (load > os.cpus().length) {
    console.log(`\nnote: load average ${load.toFixed(1)} on ${os.cpus().length} CPUs: wall-clock latencies include waiting for a CPU; the CPU-time row is the engine's own cost.`);
  }
  console.log('\ntargets at 100k papers:');
  for (const [what, ok] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${what}`);
  if (n === 100_000 && checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

if (process.argv[1] === SELF) await main();
