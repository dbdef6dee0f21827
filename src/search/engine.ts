/**
 * The in-memory BM25F search index every bot process keeps (docs/search.md). This file only assembles
 * it from its parts, in the order a query is answered:
 *   index-store.ts         papers in and out: postings, streams, term forms, acronyms, norms
 *   query-plan.ts          query -> concepts (variants, acronyms, typo fixes, exclusions)
 *   bm25f.ts               BM25F scores with exact top-k pruning
 *   proximity.ts           bonus for query words close together
 *   feedback.ts            pseudo-relevance feedback, then the pool is re-scored
 *   near-duplicates.ts     the same paper listed once
 *   match-explanations.ts  why each hit matched
 *   semantic.ts            paper vectors and nearest papers by meaning
 *   fusion.ts              lexical and semantic rankings into one
 *   similar-papers.ts      "/papers similar <id>"
 */
import { createBm25fScorer } from './bm25f.js';
import { createFeedback } from './feedback.js';
import { fuseRankings } from './fusion.js';
import { createIndexStore } from './index-store.js';
import { createMatchExplainer } from './match-explanations.js';
import { createDuplicateFilter } from './near-duplicates.js';
import { DEFAULT_PARAMS, type RankingParams } from './params.js';
import { createPhraseMatcher } from './phrases.js';
import { createProximity, literalConcepts } from './proximity.js';
import { planQuery, type Concept, type Lexicon } from './query-plan.js';
import type { SearchIndex, SearchOptions, SearchResult } from './search-index.js';
import { createSemanticLayer } from './semantic.js';
import { createSimilarPapers } from './similar-papers.js';
import { suggestionsFor } from './suggestions.js';
import type { TermVectors } from './term-vectors.js';

export interface EngineStats {
  papers: number;
  terms: number;
  postings: number;
  deadPostings: number;
  acronyms: number;
  words: number;
}

export interface Bm25fIndex extends SearchIndex {
  has(id: string): boolean;
  stats(): EngineStats;
  /** The most common acronym definitions in the library, for suggestions and docs. */
  acronyms(n: number): Array<{ short: string; long: string; count: number }>;
  setTermVectors(vectors: TermVectors | null): void;
  semantic(): { terms: number; papers: number; dims: number } | null;
}

export function createBm25fIndex(params: Partial<RankingParams> = {}): Bm25fIndex {
  const P: RankingParams = { ...DEFAULT_PARAMS, ...params };
  const store = createIndexStore(P);
  const { postings, forms, acronyms, vocab } = store;
  const scorer = createBm25fScorer(store, createPhraseMatcher(store), P);
  const proximity = createProximity(store, P);
  const feedback = createFeedback(store, scorer.idf, P);
  const duplicates = createDuplicateFilter(store, P);
  const explainer = createMatchExplainer(store);
  const semantic = createSemanticLayer(store, P);
  const { termDf } = postings;

  /** What the query means, from the words it searched (typo fixes included, acronym stand-ins not). */
  function queryTerms(concepts: Concept[]): Array<{ term: number; w: number }> {
    const out: Array<{ term: number; w: number }> = [];
    for (const c of concepts) {
      if (c.spanOf) continue;
      const alt = c.alts.find((a) => a.kind === 'term' && a.via !== 'composite' && a.via !== 'prefix' && termDf[a.term] > 0);
      if (alt && alt.kind === 'term') out.push({ term: alt.term, w: c.weight });
      else for (const a of c.alts) if (a.kind === 'phrase') for (const term of a.terms) out.push({ term, w: c.weight * a.w });
    }
    return out;
  }

  const lexicon: Lexicon = {
    termId: (t) => postings.termIds.get(t) ?? -1,
    df: (id) => postings.termDf[id] ?? 0,
    size: () => store.liveDocs,
    composites: (key) => forms.segments.get(key) ?? [],
    extensions: (stem, limit) => store.prefixes.termsStartingWith(stem, limit),
    compounds: (joined) => forms.joinedToCompound.get(joined) ?? [],
    display: (id) => forms.displayOf.get(id),
    acronyms,
    vocab,
  };

  function search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = Math.max(1, Math.min(options.limit ?? 10, 1000));
    const plan = planQuery(lexicon, query, P);
    const base: SearchResult = {
      hits: [],
      ...(plan.searchedFor ? { searchedFor: plan.searchedFor } : {}),
      ...(plan.corrections.length ? { corrections: plan.corrections } : {}),
      ...(plan.expansions.length ? { expansions: plan.expansions } : {}),
      ...(plan.excludedWords.length ? { excluded: plan.excludedWords } : {}),
      ...(plan.onlyStopWords ? { onlyStopWords: true } : {}),
      ...(plan.truncated ? { truncated: true } : {}),
    };
    if (plan.concepts.length === 0 || store.liveDocs === 0) return base;
    store.refreshNorms();
    const k = Math.max(P.candidates, limit * 2);
    // A filter or an exclusion can drop top papers after scoring, so the top-k bound would not hold.
    const prune = options.filter || plan.exclude.length || plan.excludePhrases.length ? 0 : k;
    const idfs = scorer.scoreConcepts(plan.concepts, prune);
    const excluding = scorer.markExcluded(plan.exclude, plan.excludePhrases);
    const addProximity = proximity.forQuery(literalConcepts(plan.concepts, idfs));
    const rank = () => {
      const pool = scorer.topCandidates(k, options.filter, excluding, new Set());
      addProximity(pool);
      return pool;
    };
    let pool = rank();
    if (P.feedbackWeight > 0 && pool.length > P.feedbackDocs) {
      const more = feedback.feedbackConcepts(pool.slice(0, P.feedbackDocs), plan.concepts);
      if (more.length) {
        scorer.scoreConcepts(more, prune, false);
        pool = rank();
      }
    }
    const q = semantic.ready() && P.semanticWeight > 0 ? semantic.queryVector(queryTerms(plan.concepts)) : null;
    if (q) {
      const keep = (doc: number) => !(excluding && scorer.excluded(doc)) && (!options.filter || options.filter(store.docExt[doc]));
      pool = fuseRankings(pool, semantic.nearest(q, Math.max(P.semanticCandidates, k), keep), P).slice(0, k);
    }
    const ranked = duplicates.dropDuplicates(pool, limit);
    const lexicalHits = explainer.toHits(ranked, plan.concepts);
    const hits = q ? semantic.explain(lexicalHits, q, plan.concepts.filter((c) => c.literal).map((c) => c.label).join(' ')) : lexicalHits;
    if (hits.length === 0) {
      const unknown = plan.concepts.map((c) => c.label).filter((l) => /^\p{L}+$/u.test(l));
      return { ...base, hits, suggestions: suggestionsFor(unknown, vocab, acronyms) };
    }
    return { ...base, hits };
  }

  return {
    add: store.add,
    remove: store.remove,
    size: () => store.liveDocs,
    has: (id) => store.byExt.has(id),
    search,
    similar: createSimilarPapers(store, scorer, duplicates, explainer, semantic, P),
    setTermVectors: semantic.setModel,
    semantic: () => {
      const m = semantic.model();
      return m ? { terms: m.terms.length, papers: m.papers, dims: m.dims } : null;
    },
    stats: () => ({
      papers: store.liveDocs,
      terms: postings.termStr.length,
      postings: postings.totalPostings - postings.deadPostings,
      deadPostings: postings.deadPostings,
      acronyms: acronyms.size(),
      words: vocab.size(),
    }),
    acronyms: (n) => acronyms.top(n),
  };
}
