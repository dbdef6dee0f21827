/**
 * A deterministic synthetic paper library for benchmarks, built from the bundled sample's vocabulary.
 *
 *   import { syntheticPapers } from './synthetic-library.js';
 *   const papers = syntheticPapers(100_000);      // same papers on every run and machine
 *   const other = syntheticPapers(1_000, 7);      // another seed, another library
 *
 * Each paper is { id, title, abstract, authors }:
 * - id: a unique arXiv-style id ("2101.00001", 30,000 a month from January 2021), so it passes
 *   `parseArxivId` and `normalizePaper`;
 * - title and abstract: word-bigram Markov text from samples/seed-papers.jsonl. Each paper follows one
 *   sample paper's own word pairs most of the time and the whole sample's otherwise, so papers come in
 *   topical families (LoRA, speculative decoding, ...) with the sample's phrases, acronym definitions,
 *   term frequencies and lengths, as a real library has;
 * - authors: 1-6 names drawn from fixed lists.
 * The same (n, seed) always gives the same papers; a larger n extends a smaller one (paper i does not
 * depend on n). Generating 100,000 papers takes about two seconds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './seeded-random.js';

export interface SyntheticPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
}

const SAMPLE = fileURLToPath(new URL('../samples/seed-papers.jsonl', import.meta.url));

const FIRST = ['Wei', 'Anna', 'Rahul', 'Maria', 'Jun', 'Lukas', 'Sofia', 'Hiroshi', 'Amina', 'Diego', 'Chen', 'Olga', 'Kwame', 'Priya', 'Tomás', 'Yuki', 'Fatima', 'Noah', 'Elena', 'Min-jun', 'Ingrid', 'Omar', 'Lea', 'Ravi'];
const LAST = ['Zhang', 'Müller', 'Sharma', 'Garcia', 'Kim', 'Nakamura', 'Okafor', 'Rossi', 'Novak', 'Silva', 'Wang', 'Petrov', 'Haddad', 'Nguyen', 'Cohen', 'Larsen', 'Mensah', 'Iyer', 'Dubois', 'Kowalski', 'Li', 'Tanaka', 'Fischer', 'Costa'];

interface Chain {
  words: string[];
  /** Successors of each word id over the whole sample. */
  global: Int32Array[];
  /** Per sample paper: successors of each word id in that paper only. */
  local: Array<Map<number, Int32Array>>;
  starts: Int32Array[];
  lengths: number[];
  /** 1 where the word ends a sentence. */
  ends: Uint8Array;
}

function buildChain(texts: string[], ids: Map<string, number>, words: string[]): Chain {
  const id = (w: string) => {
    let x = ids.get(w);
    if (x === undefined) {
      x = words.length;
      ids.set(w, x);
      words.push(w);
    }
    return x;
  };
  const global = new Map<number, number[]>();
  const local: Array<Map<number, Int32Array>> = [];
  const starts: Int32Array[] = [];
  const lengths: number[] = [];
  for (const text of texts) {
    const toks = text.split(/\s+/).filter(Boolean).map(id);
    lengths.push(toks.length);
    const mine = new Map<number, number[]>();
    const first: number[] = [];
    for (let i = 0; i < toks.length; i++) {
      if (i === 0 || /[.!?]$/.test(words[toks[i - 1]])) first.push(toks[i]);
      if (i + 1 === toks.length) continue;
      for (const m of [global, mine]) {
        const list = m.get(toks[i]);
        if (list) list.push(toks[i + 1]);
        else m.set(toks[i], [toks[i + 1]]);
      }
    }
    local.push(new Map([...mine].map(([k, v]) => [k, Int32Array.from(v)])));
    starts.push(Int32Array.from(first.length ? first : toks.slice(0, 1)));
  }
  const g: Int32Array[] = [];
  for (const [k, v] of global) g[k] = Int32Array.from(v);
  return { words, global: g, local, starts, lengths, ends: Uint8Array.from(words, (w) => (/[.!?]$/.test(w) ? 1 : 0)) };
}

let model: { title: Chain; abstract: Chain } | null = null;

function load() {
  if (model) return model;
  const rows = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { title: string; abstract: string });
  const ids = new Map<string, number>();
  const words: string[] = [];
  model = {
    title: buildChain(
      rows.map((r) => r.title),
      ids,
      words,
    ),
    abstract: buildChain(
      rows.map((r) => r.abstract),
      ids,
      words,
    ),
  };
  return model;
}

/** Share of steps that follow the source paper's own word pairs (topic), the rest wander the sample. */
const STAY_ON_TOPIC = 0.8;

function generate(chain: Chain, source: number, length: number, next: () => number, exact = false): string {
  const pick = (a: Int32Array) => a[Math.floor(next() * a.length)];
  const out: string[] = [];
  let w = pick(chain.starts[source]);
  const limit = length + 25;
  for (;;) {
    out.push(chain.words[w]);
    const ended = chain.ends[w] === 1;
    if (out.length >= (exact ? length : limit) || (out.length >= length && ended)) break;
    const mine = chain.local[source].get(w);
    const all = chain.global[w];
    if (mine && next() < STAY_ON_TOPIC) w = pick(mine);
    else if (all) w = pick(all);
    else w = pick(chain.starts[source]);
  }
  return out.join(' ');
}

function arxivId(i: number): string {
  const perMonth = 30_000;
  const month = Math.floor(i / perMonth);
  const yy = 21 + Math.floor(month / 12);
  const mm = (month % 12) + 1;
  return `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String((i % perMonth) + 1).padStart(5, '0')}`;
}

/** Paper i of the library with this seed. */
export function syntheticPaper(i: number, seed = 1): SyntheticPaper {
  const m = load();
  const next = seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
  const sources = m.abstract.lengths.length;
  const source = Math.floor(next() * sources);
  const titleLen = m.title.lengths[Math.floor(next() * sources)];
  const abstractLen = m.abstract.lengths[Math.floor(next() * sources)];
  const title = generate(m.title, source, Math.max(3, titleLen), next, true).replace(/[.!?]$/, '');
  const abstract = generate(m.abstract, source, Math.max(20, abstractLen), next);
  const nAuthors = 1 + Math.floor(next() * 6);
  const authors: string[] = [];
  for (let a = 0; a < nAuthors; a++) authors.push(`${FIRST[Math.floor(next() * FIRST.length)]} ${LAST[Math.floor(next() * LAST.length)]}`);
  return { id: arxivId(i), title, abstract, authors };
}

/** n deterministic papers (see the file comment). */
export function syntheticPapers(n: number, seed = 1): SyntheticPaper[] {
  const out: SyntheticPaper[] = new Array(Math.max(0, n));
  for (let i = 0; i < out.length; i++) out[i] = syntheticPaper(i, seed);
  return out;
}
