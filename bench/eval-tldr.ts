// npm run eval:tldr [-- --show N] : ROUGE-1/2/L F1 of our TL;DRs on the SciTLDR-A dev split, with
// two baselines computed in the same run. Development data only; TL;DRs are also judged elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarize, summarizeSentences } from '../src/summarize/extractive.js';
import { bestRouge, ROUGE_STEMMER, type RougeScores } from './rouge.js';
import { wordCount } from '../src/summarize/words.js';

interface Row {
  source: string[];
  target: string[];
  title?: string;
  paper_id?: string;
}

const DATA = fileURLToPath(new URL('../../shared/data/scitldr-dev.jsonl', import.meta.url));

function load(): Row[] {
  if (!existsSync(DATA)) {
    process.stderr.write(
      `eval:tldr needs the SciTLDR dev split at ${DATA}\n` +
        `(the repository is expected beside a shared/ folder holding data/scitldr-dev.jsonl)\n`,
    );
    process.exit(2);
  }
  return readFileSync(DATA, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row)
    .filter((r) => Array.isArray(r.source) && Array.isArray(r.target) && r.target.length > 0);
}

const WE_PROPOSE = /\bwe\s+(?:propose|introduce|present)\b/i;

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

const rows = load();
const showArg = process.argv.indexOf('--show');
const show = showArg > 0 ? Number(process.argv[showArg + 1] ?? 5) : 0;

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
