/**
 * `npm run eval:search`: ranking quality on the dev judgments, ours against MiniSearch, same run.
 *
 *   npm run eval:search                      nDCG@10 and Recall@20 per query, means, margin
 *   npm run eval:search -- --show "kv cache"  also print both engines' top 10 for ad-hoc queries
 *   npm run eval:search -- --sweep           the parameter sweep behind docs/search.md
 *   npm run eval:search -- --relearn         learn the word vectors again (else cached in the temp folder)
 *
 * Lexical, semantic and fused rankings are scored beside MiniSearch. The semantic side's word vectors
 * are learned from the real 100k corpus in ../shared/data (bench/eval-vectors.ts), skipped with a note
 * when it is absent; the product learns its own from its library.
 *
 * Judgments: ../shared/data/dev-qrels.json beside the repository (keys are paper titles, grades 0-2).
 * Gain is 2^grade - 1 with a log2 discount; Recall@20 counts papers graded 1 or 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { parsePaperLines } from '../src/papers/json-lines.js';
import { SAMPLE_FILE } from '../src/library/sample.js';
import { createBm25fIndex } from '../src/search/engine.js';
import { DEFAULT_PARAMS, type RankingParams } from '../src/search/params.js';
import type { SearchDoc } from '../src/search/search-index.js';
import type { TermVectors } from '../src/search/term-vectors.js';
import { corpusVectors } from './eval-vectors.js';

export const QRELS_FILE = fileURLToPath(new URL('../../shared/data/dev-qrels.json', import.meta.url));
/** Our own extra judgments (bench/data/extra-qrels.json): a guard against tuning to the five dev queries. */
const EXTRA_FILE = fileURLToPath(new URL('./data/extra-qrels.json', import.meta.url));
const MARGIN = 0.05;

type Qrels = Record<string, Record<string, number>>;

function loadQrels(): Qrels {
  if (!existsSync(QRELS_FILE)) {
    console.error(`eval:search needs the dev judgments at ${QRELS_FILE} (shared/data beside the repository). Not found.`);
    process.exit(2);
  }
  const raw = JSON.parse(readFileSync(QRELS_FILE, 'utf8')) as { queries?: Qrels };
  if (!raw.queries || typeof raw.queries !== 'object') {
    console.error(`${QRELS_FILE} has no "queries" object.`);
    process.exit(2);
  }
  return raw.queries;
}

export function loadSample(): SearchDoc[] {
  const { records } = parsePaperLines(readFileSync(SAMPLE_FILE, 'utf8'));
  return records.map((r) => ({ id: r.id, title: r.title, abstract: r.abstract, authors: r.authors }));
}

export function ndcgAt(ranked: string[], grades: Map<string, number>, k: number): number {
  const gain = (g: number) => 2 ** g - 1;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => (dcg += gain(grades.get(id) ?? 0) / Math.log2(i + 2)));
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  ideal.forEach((g, i) => (idcg += gain(g) / Math.log2(i + 2)));
  return idcg ? dcg / idcg : 0;
}

export function recallAt(ranked: string[], grades: Map<string, number>, k: number): number {
  const relevant = [...grades.entries()].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

type Ranker = (q: string, k: number) => string[];

function ours(docs: SearchDoc[], params: Partial<RankingParams> = {}, vectors: TermVectors | null = null): Ranker {
  const index = createBm25fIndex(params);
  index.add(docs);
  index.setTermVectors(vectors);
  return (q, k) => index.search(q, { limit: k }).hits.map((h) => h.id);
}

function miniSearch(docs: SearchDoc[]): Ranker {
  const ms = new MiniSearch<SearchDoc>({ fields: ['title', 'abstract'], searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 } });
  ms.addAll(docs);
  return (q, k) => ms.search(q).slice(0, k).map((r) => String(r.id));
}

function judge(qrels: Qrels, byTitle: Map<string, string>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [q, judged] of Object.entries(qrels)) {
    const grades = new Map<string, number>();
    for (const [title, g] of Object.entries(judged)) {
      const id = byTitle.get(title);
      if (!id) console.warn(`  (judged title not in the sample, ignored: "${title.slice(0, 60)}")`);
      else grades.set(id, g);
    }
    out.set(q, grades);
  }
  return out;
}

function evaluate(rank: Ranker, judged: Map<string, Map<string, number>>) {
  const rows = [...judged].map(([q, grades]) => {
    const ranked = rank(q, 20);
    return { q, ndcg: ndcgAt(ranked, grades, 10), recall: recallAt(ranked, grades, 20) };
  });
  const mean = (f: (r: (typeof rows)[0]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  return { rows, ndcg: mean((r) => r.ndcg), recall: mean((r) => r.recall) };
}

const f = (x: number) => x.toFixed(3);

function table(a: ReturnType<typeof evaluate>, b: ReturnType<typeof evaluate>) {
  console.log(`| query | ours nDCG@10 | MiniSearch nDCG@10 | ours R@20 | MiniSearch R@20 |`);
  console.log(`|---|---|---|---|---|`);
  a.rows.forEach((r, i) => console.log(`| ${r.q} | ${f(r.ndcg)} | ${f(b.rows[i].ndcg)} | ${f(r.recall)} | ${f(b.rows[i].recall)} |`));
  console.log(`| **mean** | **${f(a.ndcg)}** | **${f(b.ndcg)}** | **${f(a.recall)}** | **${f(b.recall)}** |`);
}

/** Per query, fused against lexical: the five that gained most and the five that lost most. */
function gainsAndLosses(base: ReturnType<typeof evaluate>, fused: ReturnType<typeof evaluate>) {
  const deltas = fused.rows.map((r, i) => ({ q: r.q, d: r.ndcg - base.rows[i].ndcg, from: base.rows[i].ndcg, to: r.ndcg })).sort((a, b) => b.d - a.d);
  const line = (x: (typeof deltas)[0]) => `  ${x.d >= 0 ? '+' : ''}${f(x.d)}  ${x.q} (${f(x.from)} -> ${f(x.to)})`;
  console.log('\nfused vs lexical, nDCG@10, gained most:');
  deltas.filter((x) => x.d > 0).slice(0, 5).forEach((x) => console.log(line(x)));
  console.log('lost most:');
  deltas.filter((x) => x.d < 0).reverse().slice(0, 5).forEach((x) => console.log(line(x)));
}

async function semanticTables(docs: SearchDoc[], judged: Map<string, Map<string, number>>, theirs: Ranker, relearn: boolean, sweep: boolean) {
  const learned = await corpusVectors(100_000, {}, relearn);
  if (!learned) {
    console.log('\n(semantic and fused skipped: the real corpus ../shared/data/arxiv-ml-100k.jsonl.gz is not there to learn word vectors from)');
    return;
  }
  const { tv } = learned;
  const timing = learned.learnS ? `, analysed in ${learned.analyzeS.toFixed(1)} s, learned in ${learned.learnS.toFixed(1)} s` : ', cached';
  console.log(`\nword vectors: ${tv.terms.length.toLocaleString('en')} words x ${tv.dims} from ${tv.papers.toLocaleString('en')} papers${timing}\n`);
  const runs: Array<[string, Ranker]> = [
    ['lexical', ours(docs, { semanticWeight: 0 })],
    ['semantic', ours(docs, { lexicalWeight: 0 }, tv)],
    [`fused (${DEFAULT_PARAMS.fusion}, semantic x${DEFAULT_PARAMS.semanticWeight})`, ours(docs, {}, tv)],
    ['MiniSearch', theirs],
  ];
  if (sweep) {
    for (const w of [0.5, 1]) runs.push([`RRF semantic x${w}`, ours(docs, { fusion: 'rrf', semanticWeight: w }, tv)]);
    for (const k of [10, 30]) runs.push([`RRF K=${k}`, ours(docs, { fusion: 'rrf', rrfK: k, semanticWeight: 1 }, tv)]);
    for (const w of [0.3, 0.5, 1]) runs.push([`weighted semantic x${w}`, ours(docs, { fusion: 'weighted', semanticWeight: w }, tv)]);
  }
  const results = runs.map(([name, rank]) => [name, evaluate(rank, judged)] as const);
  console.log(`| query | ${results.map(([n]) => n).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---|').join('')}`);
  const rows = results[0][1].rows;
  rows.forEach((r, i) => console.log(`| ${r.q} | ${results.map(([, e]) => `${f(e.rows[i].ndcg)} / ${f(e.rows[i].recall)}`).join(' | ')} |`));
  console.log(`| **mean nDCG@10 / R@20** | ${results.map(([, e]) => `**${f(e.ndcg)} / ${f(e.recall)}**`).join(' | ')} |`);
  const fused = results[2][1];
  gainsAndLosses(results[0][1], fused);
  console.log(`\nfused: nDCG@10 ${f(fused.ndcg)} (goal >= 0.95) ${fused.ndcg >= 0.95 ? 'PASS' : 'FAIL'}, Recall@20 ${f(fused.recall)} (goal >= 0.93) ${fused.recall >= 0.93 ? 'PASS' : 'FAIL'}`);
}

async function main() {
  const args = process.argv.slice(2);
  const qrels = loadQrels();
  const docs = loadSample();
  const byTitle = new Map(docs.map((d) => [d.title, d.id]));
  const titleOf = new Map(docs.map((d) => [d.id, d.title]));
  const judged = judge(qrels, byTitle);

  const extra = existsSync(EXTRA_FILE) ? judge((JSON.parse(readFileSync(EXTRA_FILE, 'utf8')) as { queries: Qrels }).queries, byTitle) : null;
  const mine = ours(docs);
  const theirs = miniSearch(docs);
  const a = evaluate(mine, judged);
  const b = evaluate(theirs, judged);
  console.log(`search eval: ${docs.length} papers, ${judged.size} dev queries (${QRELS_FILE})\n`);
  table(a, b);
  const margin = a.ndcg - b.ndcg;
  console.log(`\nnDCG@10 margin over MiniSearch: ${margin >= 0 ? '+' : ''}${f(margin)} (target >= +${MARGIN})  ${margin >= MARGIN ? 'PASS' : 'FAIL'}`);
  if (extra) {
    console.log(`\nextra queries judged by us (${EXTRA_FILE}), not used for the verdict:\n`);
    table(evaluate(mine, extra), evaluate(theirs, extra));
  }

  const shows: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === '--show' && args[i + 1]) shows.push(args[++i]);
  if (shows.length) {
    for (const q of shows) {
      console.log(`\n== ${q}`);
      const x = mine(q, 10);
      const y = theirs(q, 10);
      for (let i = 0; i < 10; i++) console.log(`${String(i + 1).padStart(2)}. ${(titleOf.get(x[i]) ?? '').slice(0, 70).padEnd(70)} | ${(titleOf.get(y[i]) ?? '').slice(0, 60)}`);
    }
  }

  await semanticTables(docs, judged, theirs, args.includes('--relearn'), args.includes('--sweep'));
  if (args.includes('--sweep')) sweep(docs, judged, extra);
  if (margin < MARGIN) process.exitCode = 1;
}

/** One parameter at a time around the defaults: how sensitive the dev score is (docs/search.md). */
function sweep(docs: SearchDoc[], judged: Map<string, Map<string, number>>, extra: Map<string, Map<string, number>> | null) {
  const D = DEFAULT_PARAMS;
  const variants: Array<[string, Partial<RankingParams>]> = [['defaults', {}]];
  for (const k1 of [0.6, 0.9, 1.5, 2.0]) variants.push([`k1=${k1}`, { k1 }]);
  for (const w of [1, 2, 4, 6]) variants.push([`title.weight=${w}`, { title: { ...D.title, weight: w } }]);
  for (const b of [0.2, 0.75, 1]) variants.push([`title.b=${b}`, { title: { ...D.title, b } }]);
  for (const b of [0.5, 0.9, 1]) variants.push([`abstract.b=${b}`, { abstract: { ...D.abstract, b } }]);
  for (const w of [0, 0.3, 0.7, 1]) variants.push([`prefixWeight=${w}`, { prefixWeight: w }]);
  for (const w of [1]) variants.push([`compoundPartWeight=${w}`, { compoundPartWeight: w }]);
  for (const w of [0, 0.4, 1]) variants.push([`compositeWeight=${w}`, { compositeWeight: w }]);
  for (const w of [0, 0.3, 1]) variants.push([`acronymWeight=${w}`, { acronymWeight: w }]);
  for (const w of [0, 0.5, 2]) variants.push([`proximityWeight=${w}`, { proximityWeight: w }]);
  for (const w of [2, 8]) variants.push([`proximityWindow=${w}`, { proximityWindow: w }]);
  for (const w of [0, 0.15, 0.5, 1]) variants.push([`feedbackWeight=${w}`, { feedbackWeight: w }]);
  for (const n of [2, 5, 10]) variants.push([`feedbackDocs=${n}`, { feedbackDocs: n, feedbackWeight: 0.3 }]);
  for (const n of [3, 5, 8, 15, 20]) variants.push([`feedbackTerms=${n}`, { feedbackTerms: n, feedbackWeight: 0.3 }]);
  console.log('\n| variant | dev nDCG@10 | dev R@20 | extra nDCG@10 | extra R@20 |\n|---|---|---|---|---|');
  for (const [name, p] of variants) {
    const rank = ours(docs, p);
    const r = evaluate(rank, judged);
    const x = extra ? evaluate(rank, extra) : null;
    console.log(`| ${name} | ${f(r.ndcg)} | ${f(r.recall)} | ${x ? f(x.ndcg) : '-'} | ${x ? f(x.recall) : '-'} |`);
  }
}

await main();
