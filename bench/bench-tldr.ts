// npm run bench:tldr : abstracts summarized per second on one core (single-threaded loop), with the
// first-sentence baseline timed in the same run. SciTLDR dev abstracts, repeated to >= 20,000.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarize } from '../src/summarize/extractive.js';

const DATA = fileURLToPath(new URL('../../shared/data/scitldr-dev.jsonl', import.meta.url));
if (!existsSync(DATA)) {
  process.stderr.write(`bench:tldr needs the SciTLDR dev split at ${DATA}\n(the repository is expected beside a shared/ folder holding data/scitldr-dev.jsonl)\n`);
  process.exit(2);
}
const papers = readFileSync(DATA, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { source: string[]; title?: string })
  .map((r) => ({ title: r.title ?? '', abstract: r.source.join(' ') }));

const TARGET = 20_000;
const inputs = Array.from({ length: Math.ceil(TARGET / papers.length) * papers.length }, (_, i) => papers[i % papers.length]);

/** The placeholder summarizer this issue replaces: the first sentence, cut to the budget. */
function firstSentence(input: { abstract: string }): string {
  const text = input.abstract.replace(/\s+/g, ' ').trim();
  const first = text.match(/^.+?[.!?](?=\s+[A-Z]|$)/)?.[0] ?? text;
  let words = first.split(' ').slice(0, 35);
  while (words.join(' ').length > 240) words = words.slice(0, -1);
  return words.join(' ');
}

function time(label: string, fn: (p: { title: string; abstract: string }) => unknown): number {
  for (const p of papers) fn(p); // warm-up: JIT and caches
  let sink = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (const p of inputs) sink += fn(p) ? 1 : 0;
  const cpu = process.cpuUsage(cpuStart);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  // CPU time of this one thread: what "per core" means, and steadier than wall time on a shared machine.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = inputs.length / cpuSeconds;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `${label.padEnd(28)} ${inputs.length} abstracts: ${cpuSeconds.toFixed(2)} s CPU = ${fmt(rate)} abstracts/s per core` +
      ` (wall ${wall.toFixed(2)} s = ${fmt(inputs.length / wall)}/s; ${sink} non-empty)`,
  );
  return rate;
}

const chars = papers.reduce((n, p) => n + p.abstract.length, 0) / papers.length;
console.log(`SciTLDR dev abstracts (mean ${Math.round(chars)} characters), one thread, Node ${process.version}\n`);
const baseline = time('first sentence (baseline)', firstSentence);
const ours = time('ours: summarize()', summarize);
console.log(`\nours / baseline: ${(ours / baseline).toFixed(3)} (the baseline does far less work: one regex, no scoring)`);
console.log(`target >= 5,000 abstracts/s: ${ours >= 5000 ? 'met' : 'NOT met'}`);
