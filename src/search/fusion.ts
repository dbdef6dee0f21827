/**
 * Lexical and semantic rankings into one. Reciprocal-rank fusion (Cormack et al. 2009): a paper's score
 * is the sum over rankings of weight / (K + rank), so neither side's score scale matters and a paper
 * both sides rank well wins. `npm run eval:search` measures it beside a weighted sum of normalized
 * scores (docs/search.md says which won and by how much).
 */
import type { Ranked } from './bm25f.js';
import type { RankingParams } from './params.js';

export function fuseRankings(lexical: Ranked, semantic: Ranked, P: RankingParams): Ranked {
  const score = new Map<number, number>();
  const add = (ranked: Ranked, w: number, value: (i: number) => number) => {
    if (w <= 0) return;
    ranked.forEach((r, i) => score.set(r.doc, (score.get(r.doc) ?? 0) + w * value(i)));
  };
  if (P.fusion === 'rrf') {
    add(lexical, P.lexicalWeight, (i) => 1 / (P.rrfK + i + 1));
    add(semantic, P.semanticWeight, (i) => 1 / (P.rrfK + i + 1));
  } else {
    // Weighted: each side's scores divided by its best, so both run from 0 to 1.
    const top = (r: Ranked) => (r.length && r[0].score > 0 ? r[0].score : 1);
    add(lexical, P.lexicalWeight, (i) => lexical[i].score / top(lexical));
    add(semantic, P.semanticWeight, (i) => Math.max(0, semantic[i].score) / top(semantic));
  }
  return [...score].map(([doc, s]) => ({ doc, score: s })).sort((a, b) => b.score - a.score || a.doc - b.doc);
}
