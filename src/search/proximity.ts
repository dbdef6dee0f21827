/**
 * Proximity bonus (BM25TP, Rasolofo & Savoy 2003): the top candidates earn a bonus for consecutive query
 * words close together (within the window, 1/d^2; half for reversed order; title occurrences weighted
 * as the title field), saturated like a term. Papers that say "speculative decoding" rank above papers
 * that say "speculative" and, later, "decoding".
 */
import type { Ranked } from './bm25f.js';
import * as layout from './index-layout.js';
import type { IndexStore } from './index-store.js';
import type { RankingParams } from './params.js';
import type { Concept } from './query-plan.js';
import { growInt32 } from './typed-arrays.js';

// Module constants for the hot loops (index-layout.ts says why).
const { AUTHORS, ID, SEP } = layout;

/** A query word as typed, in query order: its terms and its idf. */
export interface LiteralConcept {
  terms: number[];
  idf: number;
}

/** The typed words of the query (not expansions) that matched anything, in order. */
export function literalConcepts(concepts: Concept[], idfs: number[]): LiteralConcept[] {
  return concepts
    .map((c, i) => ({ c, idf: idfs[i] }))
    .filter((x) => x.c.literal && x.idf > 0)
    .map((x) => ({ terms: x.c.alts.flatMap((a) => (a.kind === 'term' ? [a.term] : [])), idf: x.idf }));
}

export interface Proximity {
  /**
   * For one query: a function that adds the bonus to a pool of candidates and re-sorts it. A paper's
   * bonus is computed once per query, however many times the pool is ranked.
   */
  forQuery(literal: LiteralConcept[]): (pool: Ranked) => void;
}

export function createProximity(store: IndexStore, P: RankingParams): Proximity {
  const FW = [P.title.weight, P.abstract.weight, P.authors.weight];
  /** Query concept (+1) of each term during proximity scoring; 0 elsewhere. */
  let termQ: Int32Array = new Int32Array(1024);

  function proximityBonus(doc: number, literal: LiteralConcept[]): number {
    if (literal.length < 2) return 0;
    const seq = store.streams.seqOf(doc);
    const win = P.proximityWindow;
    const pairs = literal.length - 1;
    const accs = new Float64Array(pairs);
    const last = new Float64Array(literal.length).fill(-1e9);
    let field = 0;
    let pos = 0;
    for (let j = 0; j < seq.length; j++) {
      const t = seq[j];
      if (t === SEP) {
        field++;
        if (field === AUTHORS) break;
        last.fill(-1e9);
        pos = 0;
        continue;
      }
      if (t < -1) continue;
      const q = termQ[t & ID] - 1;
      if (q >= 0) {
        const fw = FW[field];
        if (q > 0) {
          const d = pos - last[q - 1];
          if (d >= 1 && d <= win) accs[q - 1] += fw / (d * d);
        }
        if (q < pairs) {
          const d = pos - last[q + 1];
          if (d >= 1 && d <= win) accs[q] += (0.5 * fw) / (d * d);
        }
        last[q] = pos;
      }
      pos++;
    }
    let bonus = 0;
    for (let q = 0; q < pairs; q++) {
      const a = accs[q];
      if (a > 0) bonus += (Math.min(literal[q].idf, literal[q + 1].idf) * a * (P.k1 + 1)) / (P.k1 + a);
    }
    return P.proximityWeight * bonus;
  }

  function forQuery(literal: LiteralConcept[]): (pool: Ranked) => void {
    const conceptOf = new Map<number, number>();
    literal.forEach((l, q) => l.terms.forEach((t) => conceptOf.has(t) || conceptOf.set(t, q)));
    const bonus = new Map<number, number>();
    return (pool) => {
      if (literal.length < 2) return;
      termQ = growInt32(termQ, store.postings.termStr.length);
      for (const [t, q] of conceptOf) termQ[t] = q + 1;
      for (const r of pool) {
        let b = bonus.get(r.doc);
        if (b === undefined) bonus.set(r.doc, (b = proximityBonus(r.doc, literal)));
        r.score += b;
      }
      for (const t of conceptOf.keys()) termQ[t] = 0;
      pool.sort((a, b) => b.score - a.score || a.doc - b.doc);
    };
  }

  return { forQuery };
}
