/**
 * The semantic side of the index: every paper as one vector, the weighted mean of its words' vectors
 * (term-vectors.ts), and nearest papers by cosine. Brute force over int8 rows: 100k papers x 128
 * dimensions is 12.8M multiply-adds, a few milliseconds, and no approximate index to keep current.
 * Paper vectors are computed lazily from the index's own streams (no re-analysis), so adding papers
 * costs nothing until the next query, and a new model recomputes them all.
 */
import { unitWeights } from './field-norms.js';
import { A_MASK, A_SHIFT, T_MASK } from './index-layout.js';
import type { IndexStore } from './index-store.js';
import type { RankingParams } from './params.js';
import type { Match, SearchHit } from './search-index.js';
import type { TermVectors } from './term-vectors.js';
import { TopK } from './top-k.js';

export interface SemanticLayer {
  /** Vectors are in use (a model is set). */
  ready(): boolean;
  setModel(model: TermVectors | null): void;
  model(): TermVectors | null;
  /** A query's vector from weighted index terms; null when none of them has a vector. */
  queryVector(terms: Array<{ term: number; w: number }>): Float32Array | null;
  /** A paper's own vector (for "similar"). */
  paperVector(doc: number): Float32Array | null;
  /** The k papers closest to the vector, best first, that `keep` accepts. */
  nearest(q: Float32Array, k: number, keep: (doc: number) => boolean): Array<{ doc: number; score: number }>;
  /** The paper's words closest in meaning to the vector, most telling first (for "why"). */
  closestWords(doc: number, q: Float32Array, n: number): number[];
  /** Hits the lexical side did not explain get their words closest to `query` (what was asked). */
  explain(hits: SearchHit[], q: Float32Array, query: string): SearchHit[];
}

/** A word's share of its paper's vector saturates like BM25 (k1): a word said five times is not five times the topic. */
const SATURATION = 1.2;

export function createSemanticLayer(store: IndexStore, P: RankingParams): SemanticLayer {
  const W = unitWeights(P);
  let tv: TermVectors | null = null;
  let dims = 0;
  /** Index term id -> model row (-1: no vector); extended as the index learns new terms. */
  let rowOf = new Int32Array(0);
  let rows: Int8Array = new Int8Array(0);
  let scale: Float32Array = new Float32Array(0);
  let computed = 0;
  /** The paper numbering the vectors belong to: compaction renumbers papers (a new docExt array). */
  let numbering: string[] | null = null;
  const tmp = { v: new Float32Array(0) };

  function mapTerms() {
    const { termStr } = store.postings;
    if (rowOf.length === termStr.length || !tv) return;
    const byTerm = modelRows();
    const next = new Int32Array(termStr.length);
    next.set(rowOf);
    for (let t = rowOf.length; t < termStr.length; t++) next[t] = byTerm.get(termStr[t]) ?? -1;
    rowOf = next;
  }
  let byTermCache: Map<string, number> | null = null;
  function modelRows(): Map<string, number> {
    if (!byTermCache) byTermCache = new Map(tv!.terms.map((t, i) => [t, i]));
    return byTermCache;
  }

  function idf(df: number): number {
    return Math.log(1 + (store.liveDocs - df + 0.5) / (df + 0.5));
  }

  /** The paper's vector into `out` (unnormalized); false when none of its words has a vector. */
  function accumulate(doc: number, out: Float32Array): boolean {
    out.fill(0);
    const { termDf } = store.postings;
    const vec = tv!.vectors;
    let any = false;
    for (const [t, p] of store.postings.countsOf(store.streams.seqOf(doc))) {
      const r = rowOf[t];
      if (r < 0) continue;
      const tf = W[0] * (p & T_MASK) + W[1] * ((p >>> A_SHIFT) & A_MASK);
      if (tf <= 0) continue;
      const w = (tf / (tf + SATURATION)) * idf(termDf[t]);
      const base = r * dims;
      for (let d = 0; d < dims; d++) out[d] += w * vec[base + d];
      any = true;
    }
    return any;
  }

  /** Bring paper vectors up to date: new papers since the last query, or all after a renumbering. */
  function refresh() {
    if (!tv) return;
    const n = store.docExt.length;
    if (numbering !== store.docExt) {
      numbering = store.docExt;
      computed = 0;
    }
    if (computed === n) return;
    mapTerms();
    if (scale.length < n) {
      const cap = Math.max(n, Math.ceil(scale.length * 1.25));
      const r = new Int8Array(cap * dims);
      r.set(rows.subarray(0, computed * dims));
      rows = r;
      const s = new Float32Array(cap);
      s.set(scale.subarray(0, computed));
      scale = s;
    }
    if (tmp.v.length !== dims) tmp.v = new Float32Array(dims);
    const v = tmp.v;
    for (let doc = computed; doc < n; doc++) {
      if (!store.alive[doc] || !accumulate(doc, v)) {
        scale[doc] = 0;
        continue;
      }
      // Unit length, then int8 with the row's own scale: a quarter of the memory of float32, same ranking.
      let s = 0;
      let max = 0;
      for (let d = 0; d < dims; d++) s += v[d] * v[d];
      const inv = 1 / Math.sqrt(s);
      for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(v[d] * inv));
      const q = 127 / max;
      const base = doc * dims;
      for (let d = 0; d < dims; d++) rows[base + d] = Math.round(v[d] * inv * q);
      scale[doc] = 1 / q;
    }
    computed = n;
  }

  function toUnit(v: Float32Array): Float32Array | null {
    let s = 0;
    for (let d = 0; d < dims; d++) s += v[d] * v[d];
    if (s === 0) return null;
    const inv = 1 / Math.sqrt(s);
    const out = new Float32Array(dims);
    for (let d = 0; d < dims; d++) out[d] = v[d] * inv;
    return out;
  }

  function closestWords(doc: number, q: Float32Array, n: number): number[] {
    if (!tv) return [];
    mapTerms();
    const vec = tv.vectors;
    const { termDf } = store.postings;
    const scored: Array<{ t: number; s: number }> = [];
    for (const [t, p] of store.postings.countsOf(store.streams.seqOf(doc))) {
      const r = rowOf[t];
      if (r < 0 || (p & T_MASK) + ((p >>> A_SHIFT) & A_MASK) === 0) continue;
      let cos = 0;
      for (let d = 0; d < dims; d++) cos += q[d] * vec[r * dims + d];
      if (cos > 0.2) scored.push({ t, s: cos * idf(termDf[t]) });
    }
    return scored.sort((a, b) => b.s - a.s || a.t - b.t).slice(0, n).map((x) => x.t);
  }

  return {
    closestWords,
    explain(hits, q, query) {
      const { displayOf, surfaceOf } = store.forms;
      return hits.map((h) => {
        if (h.matches?.length) return h;
        const words = closestWords(store.byExt.get(h.id)!, q, 3).map((t) => displayOf.get(t) ?? surfaceOf[t]);
        const matches: Match[] = words.map((form) => ({ query, form, via: 'meaning', fields: [] }));
        return { ...h, matched: words, matches };
      });
    },
    ready: () => tv !== null && store.liveDocs > 0,
    model: () => tv,
    setModel(model) {
      tv = model;
      dims = model?.dims ?? 0;
      byTermCache = null;
      rowOf = new Int32Array(0);
      rows = new Int8Array(0);
      scale = new Float32Array(0);
      computed = 0;
      numbering = null;
    },
    queryVector(terms) {
      if (!tv) return null;
      mapTerms();
      const v = new Float32Array(dims);
      const vec = tv.vectors;
      for (const { term, w } of terms) {
        const r = rowOf[term] ?? -1;
        if (r < 0 || w <= 0) continue;
        const x = w * idf(store.postings.termDf[term] ?? 0);
        for (let d = 0; d < dims; d++) v[d] += x * vec[r * dims + d];
      }
      return toUnit(v);
    },
    paperVector(doc) {
      if (!tv) return null;
      refresh();
      if (scale[doc] === 0) return null;
      const v = new Float32Array(dims);
      for (let d = 0; d < dims; d++) v[d] = rows[doc * dims + d];
      return toUnit(v);
    },
    nearest(q, k, keep) {
      refresh();
      const heap = new TopK(k);
      const n = computed;
      const alive = store.alive;
      for (let doc = 0, base = 0; doc < n; doc++, base += dims) {
        const sc = scale[doc];
        if (sc === 0 || alive[doc] === 0) continue;
        let s = 0;
        for (let d = 0; d < dims; d++) s += q[d] * rows[base + d];
        s *= sc;
        if (s > heap.min() && keep(doc)) heap.push(s, doc);
      }
      return heap.sorted();
    },
  };
}
