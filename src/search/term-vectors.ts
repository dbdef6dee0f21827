/**
 * Word vectors learned from the library itself, offline and with no model to download: random
 * indexing (Kanerva et al. 2000; Sahlgren 2005) of each word's neighbours, weighted by how telling the
 * neighbour is (its idf, a stand-in for PPMI), then centred. Two words used among the same neighbours
 * ("speculative decoding", "draft model": both near "tokens", "inference", "acceleration") end up
 * close, even when no paper writes both. One pass over the words, memory linear in the vocabulary: a
 * co-occurrence matrix is never built, random indexing is already its random projection.
 */
import { seededRandom } from '../random.js';

export interface TermVectors {
  dims: number;
  /** The words (index keys: Porter2 stems, as the search index writes them). */
  terms: string[];
  /** terms.length x dims, each row of unit length. */
  vectors: Float32Array;
  /** How many papers taught them. */
  papers: number;
}

export interface LearnOptions {
  dims?: number;
  /** Neighbours either side that count as context. */
  window?: number;
  /** A word needs this many papers to get a vector. */
  minDf?: number;
  maxTerms?: number;
  /** Called with the papers read so far (progress). */
  onProgress?: (done: number) => void;
  /** 'paper': words are close when they share papers, then reflected once (reflective random indexing). */
  context?: 'window' | 'paper';
}

/** Non-zero entries of a word's random index vector: sparse, so adding a context costs a few adds. */
const NONZERO = 8;

/** Deterministic per word, so the same library always learns the same vectors. */
function wordSeed(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * `docs` is read twice (vocabulary, then contexts): each paper as its content words in order, the
 * title first. Returns vectors for the words in at least `minDf` papers.
 */
export function learnTermVectors(docs: () => Iterable<string[]>, options: LearnOptions = {}): TermVectors {
  const dims = options.dims ?? 128;
  const window = options.window ?? 5;
  const minDf = options.minDf ?? 3;
  const maxTerms = options.maxTerms ?? 60_000;

  // Pass 1: document frequencies.
  const df = new Map<string, number>();
  let papers = 0;
  for (const words of docs()) {
    papers++;
    for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const terms = [...df.entries()]
    .filter(([, n]) => n >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms)
    .map(([t]) => t);
  const row = new Map(terms.map((t, i) => [t, i]));
  const V = terms.length;

  // Each word's sparse random index vector, and its weight as a context: idf, so "model" (in most
  // papers) says little about a neighbour and "drafter" says a lot.
  const slot = new Int32Array(V * NONZERO);
  const sign = new Float32Array(V * NONZERO);
  const weight = new Float32Array(V);
  for (let i = 0; i < V; i++) {
    const rnd = seededRandom(wordSeed(terms[i]));
    for (let k = 0; k < NONZERO; k++) {
      slot[i * NONZERO + k] = Math.floor(rnd() * dims);
      sign[i * NONZERO + k] = rnd() < 0.5 ? -1 : 1;
    }
    weight[i] = Math.log(papers / df.get(terms[i])!);
  }

  if (options.context === 'paper') return { dims, terms, vectors: paperContexts(docs, row, V, dims, weight, options), papers };
  // Pass 2: every word adds its neighbours' index vectors, nearer ones more.
  const vectors = new Float32Array(V * dims);
  let ids = new Int32Array(256);
  let done = 0;
  for (const words of docs()) {
    if (ids.length < words.length) ids = new Int32Array(words.length * 2);
    for (let i = 0; i < words.length; i++) ids[i] = row.get(words[i]) ?? -1;
    for (let i = 0; i < words.length; i++) {
      const a = ids[i];
      if (a < 0) continue;
      const base = a * dims;
      const from = Math.max(0, i - window);
      const to = Math.min(words.length - 1, i + window);
      for (let j = from; j <= to; j++) {
        const b = ids[j];
        if (j === i || b < 0 || b === a) continue;
        const w = (weight[b] * (window + 1 - Math.abs(i - j))) / window;
        const at = b * NONZERO;
        for (let k = 0; k < NONZERO; k++) vectors[base + slot[at + k]] += sign[at + k] * w;
      }
    }
    if (++done % 1000 === 0) options.onProgress?.(done);
  }
  options.onProgress?.(done);

  // Unit rows, then the shared direction removed (every word's contexts share the common words), so
  // cosine reflects what differs (Mu & Viswanath 2018, "all-but-the-top", first component only).
  centre(vectors, dims);
  return { dims, terms, vectors, papers };
}

function centre(vectors: Float32Array, dims: number) {
  const V = vectors.length / dims;
  normalizeRows(vectors, dims);
  const mean = new Float32Array(dims);
  for (let i = 0; i < V; i++) for (let d = 0; d < dims; d++) mean[d] += vectors[i * dims + d] / V;
  for (let i = 0; i < V; i++) for (let d = 0; d < dims; d++) vectors[i * dims + d] -= mean[d];
  normalizeRows(vectors, dims);
}

/**
 * Reflective random indexing (Cohen, Schvaneveldt & Widdows 2010): each paper a random sparse vector,
 * each word the sum of its papers'; then each paper the idf-weighted sum of its words', and each word
 * again the sum of its papers'. The second round is one step of the power method toward LSA's
 * leading dimensions: words that never share a paper but share neighbours come close.
 */
function paperContexts(docs: () => Iterable<string[]>, row: Map<string, number>, V: number, dims: number, idf: Float32Array, options: LearnOptions): Float32Array {
  // Each paper's distinct words with log-scaled counts, kept for the reflection.
  const paperTerms: Int32Array[] = [];
  const paperWeights: Float32Array[] = [];
  for (const words of docs()) {
    const counts = new Map<number, number>();
    for (const w of words) {
      const r = row.get(w);
      if (r !== undefined) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    paperTerms.push(Int32Array.from(counts.keys()));
    paperWeights.push(Float32Array.from(counts.values(), (c) => 1 + Math.log(c)));
    if (paperTerms.length % 1000 === 0) options.onProgress?.(paperTerms.length);
  }
  const rnd = seededRandom(12345);
  let terms = new Float32Array(V * dims);
  paperTerms.forEach((ts, p) => {
    const ws = paperWeights[p];
    for (let k = 0; k < NONZERO; k++) {
      const d = Math.floor(rnd() * dims);
      const s = rnd() < 0.5 ? -1 : 1;
      for (let i = 0; i < ts.length; i++) terms[ts[i] * dims + d] += s * ws[i];
    }
  });
  centre(terms, dims);
  const paper = new Float32Array(dims);
  const next = new Float32Array(V * dims);
  paperTerms.forEach((ts, p) => {
    const ws = paperWeights[p];
    paper.fill(0);
    for (let i = 0; i < ts.length; i++) {
      const w = ws[i] * idf[ts[i]];
      const base = ts[i] * dims;
      for (let d = 0; d < dims; d++) paper[d] += w * terms[base + d];
    }
    let n = 0;
    for (let d = 0; d < dims; d++) n += paper[d] * paper[d];
    if (n === 0) return;
    const inv = 1 / Math.sqrt(n);
    for (let i = 0; i < ts.length; i++) {
      const w = ws[i] * inv;
      const base = ts[i] * dims;
      for (let d = 0; d < dims; d++) next[base + d] += w * paper[d];
    }
  });
  terms = next;
  centre(terms, dims);
  return terms;
}

export function normalizeRows(m: Float32Array, dims: number): void {
  for (let base = 0; base < m.length; base += dims) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += m[base + d] * m[base + d];
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dims; d++) m[base + d] *= inv;
  }
}
