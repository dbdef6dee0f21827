/**
 * Near-duplicate suppression: the same paper often arrives twice (under a title id and an arXiv id, or
 * with small edits). A paper whose title terms equal, or whose term counts have cosine >= the threshold
 * with, a paper already listed is dropped.
 */
import type { Ranked } from './bm25f.js';
import * as layout from './index-layout.js';
import type { IndexStore } from './index-store.js';
import type { RankingParams } from './params.js';

// Module constants for the hot loops (index-layout.ts says why).
const { ABSTRACT, AUTHORS, ID, SEP } = layout;

/** A paper's title+abstract term counts as sorted ids and values, with its norm, for cosine. */
interface TermVector {
  ids: Int32Array;
  vals: Float32Array;
  norm: number;
}

export interface DuplicateFilter {
  /**
   * The ranking without papers whose text is (nearly) one already kept, or one of `against`, cut at
   * `limit`.
   */
  dropDuplicates(ranked: Ranked, limit: number, against?: number[]): Ranked;
}

export function createDuplicateFilter(store: IndexStore, P: RankingParams): DuplicateFilter {
  const { streams } = store;

  function vector(doc: number): TermVector {
    const seq = streams.seqOf(doc);
    const raw: number[] = [];
    for (let j = 0, field = 0; j < seq.length; j++) {
      const t = seq[j];
      if (t === SEP) {
        if (++field === AUTHORS) break;
        continue;
      }
      if (t >= 0) raw.push(t & ID);
    }
    const sorted = Int32Array.from(raw).sort();
    const ids: number[] = [];
    const vals: number[] = [];
    let norm = 0;
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      ids.push(sorted[i]);
      vals.push(j - i);
      norm += (j - i) * (j - i);
      i = j;
    }
    return { ids: Int32Array.from(ids), vals: Float32Array.from(vals), norm: Math.sqrt(norm) };
  }

  function cosine(a: TermVector, b: TermVector): number {
    if (!a.norm || !b.norm) return 0;
    let dot = 0;
    for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length; ) {
      if (a.ids[i] === b.ids[j]) dot += a.vals[i++] * b.vals[j++];
      else if (a.ids[i] < b.ids[j]) i++;
      else j++;
    }
    return dot / (a.norm * b.norm);
  }

  /** Texts at the duplicate threshold have abstracts within a fifth of each other's length. */
  function similarLength(a: number, b: number): boolean {
    const x = store.len[ABSTRACT][a];
    const y = store.len[ABSTRACT][b];
    return Math.abs(x - y) <= 0.2 * Math.max(x, y, 5);
  }

  function titleKey(doc: number): string {
    const seq = streams.seqOf(doc);
    const out: number[] = [];
    for (let j = 0; j < seq.length && seq[j] !== SEP; j++) if (seq[j] >= 0) out.push(seq[j] & ID);
    return out.join(',');
  }

  /** Near-identical texts get near-identical scores, so only papers within 25% of a kept one's score are compared. */
  function dropDuplicates(ranked: Ranked, limit: number, against: number[] = []): Ranked {
    const kept: Array<{ doc: number; score: number; title: string; vec?: TermVector }> = against.map((d) => ({ doc: d, score: NaN, title: titleKey(d) }));
    const out: Ranked = [];
    for (const r of ranked) {
      if (out.length >= limit) break;
      const title = titleKey(r.doc);
      let dup = false;
      let vec: TermVector | undefined;
      for (const k of kept) {
        if (title !== '' && k.title === title) dup = true;
        else if ((Number.isNaN(k.score) || Math.abs(k.score - r.score) <= 0.25 * Math.max(k.score, r.score)) && similarLength(k.doc, r.doc)) {
          vec ??= vector(r.doc);
          k.vec ??= vector(k.doc);
          dup = cosine(k.vec, vec) >= P.duplicateCosine;
        }
        if (dup) break;
      }
      if (dup) continue;
      out.push(r);
      kept.push({ doc: r.doc, score: r.score, title, vec });
    }
    return out;
  }

  return { dropDuplicates };
}
