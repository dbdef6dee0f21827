// npm run eval:tldr [-- --show N] [-- --misses N]: ROUGE-1/2/L F1 of our TL;DRs on the SciTLDR-A
// dev split, then key result and TL;DR against reader-marked spans (keyresult-data.ts), each with
// baselines computed in the same run. Each part is skipped with a message when its file is absent.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarize, summarizeSentences } from '../src/summarize/extractive.js';
import { evalKeyResults, WE_PROPOSE } from './eval-key-result.js';
import { bestRouge, ROUGE_STEMMER, type RougeScores } from './rouge.js';
import { wordCount } from '../src/summarize/words.js';

interface Row {
  source: string[];
  target: string[];
  title?: string;
  paper_id?: string;
}

const DATA = fileURLToPath(new URL('../../shared/data/scitldr-dev.jsonl', import.meta.url));

function load(): Row[] | null {
  if (!existsSync(DATA)) {
    console.log(`skipped SciTLDR: no ${DATA} (the repository is expected beside shared/data/)`);
    return null;
  }
  return readFileSync(DATA, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row)
    .filter((r) => Array.isArray(r.source) && Array.isArray(r.target) && r.target.length > 0);
}

type Method = (row: Row) => string;

const methods: Array<[string, Method]> = [
  ['first sentence', (r) => r.source[0] ?? ''],
  ['first "we propose/introduce/present"', (r) => r.source.find((s) => WE_PROPOSE.test(s)) ?? r.source[0] ?? ''],
  ['ours (title + abstract)', (r) => summarize({ title: r.title ?? '', abstract: r.source.join(' ') }).tldr ?? ''],
  ['ours (abstract only, title "")', (r) => summarize({ title: '', abstract: r.source.join(' ') }).tldr ?? ''],
  ['ours (pre-split sentences)', (r) => summarizeSentences(r.title ?? '', r.source).tldr ?? ''],
];

function evaluate(rows: Row[], method: Method): RougeScores & { words: number; empty: number } {
  const sum = { rouge1: 0, rouge2: 0, rougeL: 0, words: 0, empty: 0 };
  for (const row of rows) {
    const text = method(row);
    const s = bestRouge(text, row.target);
    sum.rouge1 += s.rouge1;
    sum.rouge2 += s.rouge2;
    sum.rougeL += s.rougeL;
    sum.words += wordCount(text);
    if (!text) sum.empty++;
  }
  const n = rows.length;
  return { rouge1: (100 * sum.rouge1) / n, rouge2: (100 * sum.rouge2) / n, rougeL: (100 * sum.rougeL) / n, words: sum.words / n, empty: sum.empty };
}

function argNumber(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1] ?? fallback) : 0;
}

function evalSciTldr(rows: Row[], show: number): void {
  console.log(`SciTLDR-A dev: ${rows.length} papers, ${rows.reduce((n, r) => n + r.target.length, 0)} reference TL;DRs`);
  console.log(`ROUGE F1 x100, best over each paper's references, then the mean; stemmer: ${ROUGE_STEMMER}\n`);
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('method', 40)} ${'R1'.padStart(6)} ${'R2'.padStart(6)} ${'RL'.padStart(6)} ${'words'.padStart(6)} ${'empty'.padStart(6)}`);
  for (const [name, method] of methods) {
    const r = evaluate(rows, method);
    console.log(
      `${pad(name, 40)} ${r.rouge1.toFixed(2).padStart(6)} ${r.rouge2.toFixed(2).padStart(6)} ${r.rougeL.toFixed(2).padStart(6)} ${r.words.toFixed(1).padStart(6)} ${String(r.empty).padStart(6)}`,
    );
  }

  for (const row of rows.slice(0, show)) {
    const s = summarize({ title: row.title ?? '', abstract: row.source.join(' ') });
    console.log(`\n# ${row.title ?? row.paper_id ?? ''}\n  ours: ${s.tldr}\n  key:  ${s.keyResult ?? '-'}\n  ref:  ${row.target[0]}`);
  }
}

const rows = load();
if (rows) evalSciTldr(rows, argNumber('--show', 5));
evalKeyResults(argNumber('--misses', 10));
