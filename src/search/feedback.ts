/**
 * Pseudo-relevance feedback (RM3-style, Lavrenko & Croft 2001; Abdul-Jaleel et al. 2004): the words
 * that dominate the first few results ("fusion" for "model merging") join the query at a low weight,
 * so papers that say the same thing in other words are found. Terms are picked by their share of the
 * feedback papers times idf, so generic words ("model") are not picked.
 */
import type { Ranked } from './bm25f.js';
import * as layout from './index-layout.js';
import type { IndexStore } from './index-store.js';
import type { RankingParams } from './params.js';
import type { Concept } from './query-plan.js';
import { growFloat64, growUint32 } from './typed-arrays.js';

// Module constants for the hot loops (index-layout.ts says why).
const { ABSTRACT, AUTHORS, ID, SEP, TITLE } = layout;

export interface Feedback {
  /** Up to feedbackTerms concepts from the top papers, not already in the query. */
  feedbackConcepts(top: Ranked, concepts: Concept[]): Concept[];
}

export function createFeedback(store: IndexStore, idf: (df: number) => number, P: RankingParams): Feedback {
  const { termStr, termDf } = store.postings;
  const { surfaceOf } = store.forms;
  let fbShare: Float64Array = new Float64Array(1024);
  let fbStamp: Uint32Array = new Uint32Array(1024);
  let fbGen = 0;

  function feedbackConcepts(top: Ranked, concepts: Concept[]): Concept[] {
    const inQuery = new Set<number>();
    for (const c of concepts) for (const a of c.alts) for (const t of a.kind === 'term' ? [a.term] : a.terms) inQuery.add(t);
    const total = top.reduce((s, r) => s + r.score, 0);
    if (total <= 0) return [];
    if (fbShare.length < termStr.length) {
      fbShare = growFloat64(fbShare, termStr.length);
      fbStamp = growUint32(fbStamp, termStr.length);
    }
    fbGen++;
    const len = store.len;
    const seen: number[] = [];
    for (const r of top) {
      const seq = store.streams.seqOf(r.doc);
      // Titles are not up-weighted here: their catchy words ("strikes back", "one day") are not the topic.
      const mass = len[TITLE][r.doc] + len[ABSTRACT][r.doc];
      if (mass === 0) continue;
      const share = r.score / total / mass;
      let field = 0;
      for (let j = 0; j < seq.length; j++) {
        let t = seq[j];
        if (t === SEP) {
          if (++field === AUTHORS) break;
          continue;
        }
        if (t < 0) continue;
        t &= ID;
        if (fbStamp[t] !== fbGen) {
          fbStamp[t] = fbGen;
          fbShare[t] = 0;
          seen.push(t);
        }
        fbShare[t] += share;
      }
    }
    const picked: Array<{ t: number; w: number }> = [];
    for (const t of seen) {
      const df = termDf[t];
      if (inQuery.has(t) || df < 2 || df > store.liveDocs * P.feedbackMaxDf || !/^\p{L}+$/u.test(termStr[t])) continue;
      picked.push({ t, w: fbShare[t] * idf(df) });
    }
    picked.sort((a, b) => b.w - a.w || a.t - b.t);
    const chosen = picked.slice(0, P.feedbackTerms);
    if (chosen.length === 0) return [];
    const max = chosen[0].w;
    return chosen.map((x) => ({
      label: surfaceOf[x.t],
      alts: [{ kind: 'term', term: x.t, w: 1, via: 'exact', form: surfaceOf[x.t] }],
      literal: false,
      weight: (P.feedbackWeight * x.w) / max,
    }));
  }

  return { feedbackConcepts };
}
