/**
 * BM25F scoring (Robertson & Zaragoza) into per-paper accumulators: per concept, per field, the best
 * variant's weighted count; fields combined with their weights and length norms, then saturated once
 * with k1. Concepts are scored rarest first, with exact top-k pruning in the spirit of MaxScore, so
 * common words in long queries cost look-ups, not scans.
 */
import * as layout from './index-layout.js';
import type { IndexStore } from './index-store.js';
import type { RankingParams } from './params.js';
import type { PhraseMatcher } from './phrases.js';
import type { Concept } from './query-plan.js';
import { TopK } from './top-k.js';
import { growFloat32, growFloat64, growInt32, growUint32 } from './typed-arrays.js';

// Module constants for the hot loops (index-layout.ts says why).
const { A_MASK, A_SHIFT, T_MASK, U_SHIFT } = layout;

export type Ranked = Array<{ doc: number; score: number }>;

export interface Bm25fScorer {
  idf(df: number): number;
  /**
   * Add the concepts' scores into the accumulators (`fresh`: start from zero) and return each concept's
   * idf. With `k` > 0, papers that cannot reach the top k are no longer scored exactly.
   */
  scoreConcepts(concepts: Concept[], k: number, fresh?: boolean): number[];
  /** Mark the papers holding any of these terms or phrases as excluded from this query; false when there are none. */
  markExcluded(terms: number[], phrases?: number[][]): boolean;
  /** The paper holds an excluded term (after markExcluded, this query). */
  excluded(doc: number): boolean;
  /** The k best scored papers, best first, passing the filter and not excluded or skipped. */
  topCandidates(k: number, filter: ((id: string) => boolean) | undefined, excluding: boolean, skip: Set<number>): Ranked;
}

/** A concept ready to score: its live alternatives, idf and the most it can add to a paper. */
interface Prepared {
  terms: number[];
  tw: number[];
  phrases: Array<{ terms: number[]; w: number }>;
  /** weight x idf x (k1 + 1): a paper's score from this concept is below it. */
  c: number;
}

export function createBm25fScorer(store: IndexStore, phrases: PhraseMatcher, P: RankingParams): Bm25fScorer {
  const { postings } = store;
  const { phraseIn, phraseDocs } = phrases;

  // Query scratch, sized to the paper count and reused (no allocation per query).
  let acc: Float64Array = new Float64Array(1024);
  let accGen: Uint32Array = new Uint32Array(1024);
  let gen = 0;
  let touched: Int32Array = new Int32Array(1024);
  let nTouched = 0;
  /** The best accumulated score so far: a cheap ceiling on the k-th best, to skip needless heap passes. */
  let accMax = 0;
  // Per-field best counts of the concept being scored.
  let cf: Float32Array[] = [new Float32Array(1024), new Float32Array(1024), new Float32Array(1024)];
  let cGen: Uint32Array = new Uint32Array(1024);
  let cgen = 0;
  let cTouched: Int32Array = new Int32Array(1024);
  let exGen: Uint32Array = new Uint32Array(1024);

  function ensureScratch() {
    const need = store.docExt.length;
    acc = growFloat64(acc, need);
    accGen = growUint32(accGen, need);
    touched = growInt32(touched, need);
    cf = cf.map((a) => growFloat32(a, need));
    cGen = growUint32(cGen, need);
    cTouched = growInt32(cTouched, need);
    exGen = growUint32(exGen, need);
  }

  function idf(df: number): number {
    return Math.log(1 + (store.liveDocs - df + 0.5) / (df + 0.5));
  }

  /**
   * The concept's document frequency: the sum over its term alternatives (an upper bound of the papers
   * matching any, so its idf is never overstated, and the same however the concept gets scored); a
   * concept that only has phrases counts the papers holding them.
   */
  function prepare(concepts: Concept[]): { prepared: Prepared[]; idfs: number[] } {
    const { termDf } = postings;
    const idfs: number[] = new Array(concepts.length).fill(0);
    const prepared: Prepared[] = [];
    for (let i = 0; i < concepts.length; i++) {
      const concept = concepts[i];
      const terms: number[] = [];
      const tw: number[] = [];
      const phrases: Prepared['phrases'] = [];
      let df = 0;
      for (const a of concept.alts) {
        if (a.kind === 'phrase') phrases.push({ terms: a.terms, w: a.w });
        else if (termDf[a.term] > 0 && !terms.includes(a.term)) {
          terms.push(a.term);
          tw.push(a.w);
          df += termDf[a.term];
        }
      }
      if (df === 0) for (const ph of phrases) phraseDocs(ph.terms, () => df++);
      if (df === 0) continue;
      const cIdf = idf(Math.min(df, store.liveDocs));
      idfs[i] = cIdf;
      const weight = conceptWeight(concept, cIdf, idfs);
      if (weight <= 0) continue;
      prepared.push({ terms, tw, phrases, c: weight * cIdf * (P.k1 + 1) });
    }
    return { prepared, idfs };
  }

  /** An acronym stands in for a phrase: it is worth acronymWeight x what the phrase's words are worth. */
  function conceptWeight(c: Concept, cIdf: number, idfs: number[]): number {
    if (!c.spanOf) return c.weight;
    const spanIdf = c.spanOf.reduce((s, i) => s + (idfs[i] ?? 0), 0);
    return cIdf > 0 ? (c.weight * P.acronymWeight * spanIdf) / cIdf : 0;
  }

  /** Score one concept over all papers that have it (creating accumulators). */
  function scoreAll(p: Prepared) {
    const k1 = P.k1;
    const [inv0, inv1, inv2] = store.norms.inv;
    const { postDocs, postTfs, postN } = postings;
    const alive = store.alive;
    if (p.terms.length === 1 && p.phrases.length === 0) {
      const t = p.terms[0];
      const w = p.tw[0];
      const c = p.c;
      const docs = postDocs[t];
      const tfs = postTfs[t];
      let max = accMax;
      for (let i = 0, n = postN[t]; i < n; i++) {
        const doc = docs[i];
        if (alive[doc] === 0) continue;
        const pk = tfs[i];
        const x = w * ((pk & T_MASK) * inv0[doc] + ((pk >>> A_SHIFT) & A_MASK) * inv1[doc] + (pk >>> U_SHIFT) * inv2[doc]);
        let v = (c * x) / (k1 + x);
        if (accGen[doc] !== gen) {
          accGen[doc] = gen;
          touched[nTouched++] = doc;
        } else v += acc[doc];
        acc[doc] = v;
        if (v > max) max = v;
      }
      accMax = max;
      return;
    }
    // Several alternatives: per field, the best weighted count among them.
    cgen++;
    let m = 0;
    const [c0, c1, c2] = cf;
    for (let a = 0; a < p.terms.length; a++) {
      const t = p.terms[a];
      const w = p.tw[a];
      const docs = postDocs[t];
      const tfs = postTfs[t];
      for (let i = 0, n = postN[t]; i < n; i++) {
        const doc = docs[i];
        if (alive[doc] === 0) continue;
        const pk = tfs[i];
        const t0 = w * (pk & T_MASK);
        const t1 = w * ((pk >>> A_SHIFT) & A_MASK);
        const t2 = w * (pk >>> U_SHIFT);
        if (cGen[doc] !== cgen) {
          cGen[doc] = cgen;
          c0[doc] = t0;
          c1[doc] = t1;
          c2[doc] = t2;
          cTouched[m++] = doc;
        } else {
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      }
    }
    for (const ph of p.phrases) {
      phraseDocs(ph.terms, (doc, counts) => {
        const t0 = ph.w * counts[0];
        const t1 = ph.w * counts[1];
        const t2 = ph.w * counts[2];
        if (cGen[doc] !== cgen) {
          cGen[doc] = cgen;
          c0[doc] = t0;
          c1[doc] = t1;
          c2[doc] = t2;
          cTouched[m++] = doc;
        } else {
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      });
    }
    let max = accMax;
    for (let i = 0; i < m; i++) {
      const doc = cTouched[i];
      const x = c0[doc] * inv0[doc] + c1[doc] * inv1[doc] + c2[doc] * inv2[doc];
      if (x <= 0) continue;
      const sc = (p.c * x) / (k1 + x);
      let v = sc;
      if (accGen[doc] !== gen) {
        accGen[doc] = gen;
        touched[nTouched++] = doc;
      } else v += acc[doc];
      acc[doc] = v;
      if (v > max) max = v;
    }
    accMax = max;
  }

  /** Score one concept only for the given papers (already accumulated): look-ups instead of scans. */
  function scoreOn(p: Prepared, cand: Int32Array, n: number) {
    const k1 = P.k1;
    const [inv0, inv1, inv2] = store.norms.inv;
    const [c0, c1, c2] = cf;
    const { postDocs, postTfs, postN, findPosting } = postings;
    cgen++;
    for (let i = 0; i < n; i++) {
      const doc = cand[i];
      cGen[doc] = cgen;
      c0[doc] = c1[doc] = c2[doc] = 0;
    }
    for (let a = 0; a < p.terms.length; a++) {
      const t = p.terms[a];
      const w = p.tw[a];
      const tfs = postTfs[t];
      if (n * 16 > postN[t]) {
        // Many candidates: one pass over the postings, candidates marked.
        const docs = postDocs[t];
        for (let i = 0, m = postN[t]; i < m; i++) {
          const doc = docs[i];
          if (cGen[doc] !== cgen) continue;
          const pk = tfs[i];
          const t0 = w * (pk & T_MASK);
          const t1 = w * ((pk >>> A_SHIFT) & A_MASK);
          const t2 = w * (pk >>> U_SHIFT);
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const doc = cand[i];
          const at = findPosting(t, doc);
          if (at < 0) continue;
          const pk = tfs[at];
          const t0 = w * (pk & T_MASK);
          const t1 = w * ((pk >>> A_SHIFT) & A_MASK);
          const t2 = w * (pk >>> U_SHIFT);
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      }
    }
    const counts = [0, 0, 0];
    for (const ph of p.phrases) {
      for (let i = 0; i < n; i++) {
        const doc = cand[i];
        if (!phraseIn(doc, ph.terms, counts)) continue;
        c0[doc] = Math.max(c0[doc], ph.w * counts[0]);
        c1[doc] = Math.max(c1[doc], ph.w * counts[1]);
        c2[doc] = Math.max(c2[doc], ph.w * counts[2]);
      }
    }
    let max = accMax;
    for (let i = 0; i < n; i++) {
      const doc = cand[i];
      const x = c0[doc] * inv0[doc] + c1[doc] * inv1[doc] + c2[doc] * inv2[doc];
      if (x <= 0) continue;
      const v = acc[doc] + (p.c * x) / (k1 + x);
      acc[doc] = v;
      if (v > max) max = v;
    }
    accMax = max;
  }

  /** The k-th best accumulated score so far (-Infinity with fewer than k papers). */
  function kthBest(k: number): number {
    if (nTouched < k) return -Infinity;
    const heap = new TopK(k);
    for (let i = 0; i < nTouched; i++) {
      const s = acc[touched[i]];
      if (s > heap.min()) heap.push(s, touched[i]);
    }
    return heap.min();
  }

  /**
   * Rarest (highest bound) first. With `k` set, exact top-k pruning in the spirit of MaxScore (Turtle &
   * Flood 1995): once the bounds of the concepts left sum to less than the current k-th best score, no
   * unseen paper can reach the top k, so the remaining (common) concepts only update the papers that
   * still can, by look-up.
   */
  function scoreConcepts(concepts: Concept[], k: number, fresh = true): number[] {
    ensureScratch();
    if (fresh) {
      gen++;
      nTouched = 0;
      accMax = 0;
    }
    const { prepared, idfs } = prepare(concepts);
    prepared.sort((a, b) => b.c - a.c);
    let remaining = 0;
    for (const p of prepared) remaining += p.c;

    let cand: Int32Array | null = null;
    let nCand = 0;
    let checks = 0;
    for (const p of prepared) {
      // The k-th best is below the best; only pay for computing it when the switch is likely.
      if (k > 0 && !cand && checks < 2 && nTouched >= k && remaining < 0.8 * accMax) {
        checks++;
        const theta = kthBest(k);
        if (remaining < theta) {
          cand = new Int32Array(nTouched);
          for (let i = 0; i < nTouched; i++) {
            const doc = touched[i];
            if (acc[doc] + remaining >= theta) cand[nCand++] = doc;
          }
        }
      }
      remaining -= p.c;
      if (!cand) {
        scoreAll(p);
        continue;
      }
      scoreOn(p, cand, nCand);
      if (nCand > 4 * k) {
        // The k-th best only rises: drop candidates that can no longer reach it.
        const heap = new TopK(k);
        for (let i = 0; i < nCand; i++) if (acc[cand[i]] > heap.min()) heap.push(acc[cand[i]], cand[i]);
        const theta = heap.min();
        let m = 0;
        for (let i = 0; i < nCand; i++) if (acc[cand[i]] + remaining >= theta) cand[m++] = cand[i];
        nCand = m;
      }
    }
    return idfs;
  }

  function markExcluded(terms: number[], phrases: number[][] = []): boolean {
    if (terms.length === 0 && phrases.length === 0) return false;
    ensureScratch();
    const { postDocs, postN } = postings;
    for (const t of terms) {
      const docs = postDocs[t];
      for (let i = 0, n = postN[t]; i < n; i++) exGen[docs[i]] = gen;
    }
    for (const terms of phrases) phraseDocs(terms, (doc) => (exGen[doc] = gen));
    return true;
  }

  function topCandidates(k: number, filter: ((id: string) => boolean) | undefined, excluding: boolean, skip: Set<number>): Ranked {
    const docExt = store.docExt;
    const heap = new TopK(k);
    for (let i = 0; i < nTouched; i++) {
      const doc = touched[i];
      const s = acc[doc];
      if (s <= heap.min() || s <= 0) continue;
      if (excluding && exGen[doc] === gen) continue;
      if (skip.has(doc)) continue;
      if (filter && !filter(docExt[doc])) continue;
      heap.push(s, doc);
    }
    return heap.sorted();
  }

  return { idf, scoreConcepts, markExcluded, excluded: (doc) => exGen[doc] === gen, topCandidates };
}
