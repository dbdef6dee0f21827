/**
 * `/papers similar <id>`: more-like-this. The paper's most telling terms (tf-idf, title counted as in
 * BM25F) run as a weighted query; with word vectors, the whole paper's vector ranks papers by meaning
 * too and the two rankings are fused. The paper itself and its near-duplicates are left out; each
 * hit's explanation says what it shares (words, or words close in meaning).
 */
import type { Bm25fScorer } from './bm25f.js';
import { unitWeights } from './field-norms.js';
import { A_MASK, A_SHIFT, T_MASK } from './index-layout.js';
import type { IndexStore } from './index-store.js';
import type { MatchExplainer } from './match-explanations.js';
import type { DuplicateFilter } from './near-duplicates.js';
import type { RankingParams } from './params.js';
import { fuseRankings } from './fusion.js';
import type { Concept } from './query-plan.js';
import type { SearchOptions, SearchResult } from './search-index.js';
import type { SemanticLayer } from './semantic.js';

export function createSimilarPapers(
  store: IndexStore,
  scorer: Bm25fScorer,
  duplicates: DuplicateFilter,
  explainer: MatchExplainer,
  semantic: SemanticLayer,
  P: RankingParams,
): (id: string, options?: SearchOptions) => SearchResult {
  const W = unitWeights(P);
  const { termStr, termDf } = store.postings;
  const { surfaceOf, displayOf } = store.forms;

  return function similar(id, options = {}) {
    const limit = Math.max(1, Math.min(options.limit ?? 10, 1000));
    const doc = store.byExt.get(id);
    if (doc === undefined) return { hits: [] };
    const counts = store.postings.countsOf(store.streams.seqOf(doc));
    const weighted: Array<{ t: number; w: number }> = [];
    for (const [t, p] of counts) {
      if (termDf[t] < 2 || termStr[t].includes('-')) continue;
      const tf = W[0] * (p & T_MASK) + W[1] * ((p >>> A_SHIFT) & A_MASK);
      if (tf > 0) weighted.push({ t, w: tf * scorer.idf(termDf[t]) });
    }
    weighted.sort((a, b) => b.w - a.w || a.t - b.t);
    const top = weighted.slice(0, P.similarTerms);
    if (top.length === 0) return { hits: [] };
    const maxW = top[0].w;
    const concepts: Concept[] = top.map((x) => ({
      label: surfaceOf[x.t],
      alts: [{ kind: 'term', term: x.t, w: 1, via: 'exact', form: displayOf.get(x.t) ?? surfaceOf[x.t] }],
      literal: false,
      weight: x.w / maxW,
    }));
    store.refreshNorms();
    const k = Math.max(P.candidates, limit * 2);
    scorer.scoreConcepts(concepts, options.filter ? 0 : k + 1);
    let pool = scorer.topCandidates(k, options.filter, false, new Set([doc]));
    const q = semantic.ready() && P.semanticWeight > 0 ? semantic.paperVector(doc) : null;
    if (q) {
      const keep = (d: number) => d !== doc && (!options.filter || options.filter(store.docExt[d]));
      pool = fuseRankings(pool, semantic.nearest(q, Math.max(P.semanticCandidates, k), keep), P).slice(0, k);
    }
    const ranked = duplicates.dropDuplicates(pool, limit, [doc]);
    const hits = explainer.toHits(ranked, concepts);
    return { hits: q ? semantic.explain(hits, q, id) : hits };
  };
}
