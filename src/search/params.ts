/**
 * Ranking parameters. Each value is set by a principle first and then checked on the dev judgments
 * (`npm run eval:search`) and on invented queries; docs/search.md has the sweep and the reasons.
 */
export interface RankingParams {
  /** BM25 term-frequency saturation. 1.2 is the textbook value; the sweep is flat from 0.9 to 1.5 on both judgment sets. */
  k1: number;
  /** BM25F field weights (per occurrence, relative to the abstract) and length normalization b. */
  title: { weight: number; b: number };
  abstract: { weight: number; b: number };
  authors: { weight: number; b: number };
  /** A part of a hyphenated word counts this much of the word alone ("context" in "context-free"). */
  compoundPartWeight: number;
  /** A longer word starting with the query word's stem ("data" -> "dataset"). */
  prefixWeight: number;
  /** A composite name (QLoRA for "lora") counts as this much of a mention. */
  compositeWeight: number;
  /** An acronym expansion counts as this much of the words the user typed. */
  acronymWeight: number;
  /** A spelling fix searched beside a rare word the user typed, as its own concept (the word keeps weight 1). */
  fuzzyWeight: number;
  /** Proximity: query words within this many content positions earn a bonus (BM25TP, 1/d^2). */
  proximityWindow: number;
  proximityWeight: number;
  /** How many top papers are re-scored for proximity, feed the feedback and are checked for near-duplicates (at least 2 x the limit). */
  candidates: number;
  /** Cosine similarity of term counts above which two papers are the same text (kept once). */
  duplicateCosine: number;
  /** Pseudo-relevance feedback: words of the top papers added to the query at this weight (0 turns it off). */
  feedbackWeight: number;
  feedbackDocs: number;
  feedbackTerms: number;
  /** Feedback ignores words in more than this share of papers. */
  feedbackMaxDf: number;
  /** How many of a paper's most telling terms make its "similar" query. */
  similarTerms: number;
  /** How the lexical and semantic rankings are fused (fusion.ts); a weight of 0 turns a side off. */
  fusion: 'rrf' | 'weighted';
  rrfK: number;
  lexicalWeight: number;
  semanticWeight: number;
  /** How many papers the semantic side ranks for fusion. */
  semanticCandidates: number;
}

export const DEFAULT_PARAMS: RankingParams = {
  k1: 1.2,
  // A title is a dozen words chosen to name the paper: one title occurrence is worth several abstract
  // ones. Titles vary little in length, so length normalization is weaker there.
  title: { weight: 3, b: 0.5 },
  // Abstracts are summaries: a longer one mostly says the same things at more length (verbosity), rather
  // than covering more topics, so length is normalized almost fully (b near 1, not the generic 0.75).
  abstract: { weight: 1, b: 0.9 },
  // Author names are matched exactly and are not about the topic: weight 1, little length effect.
  authors: { weight: 1, b: 0.3 },
  compoundPartWeight: 0.5,
  prefixWeight: 0.5,
  compositeWeight: 0.7,
  acronymWeight: 0.6,
  fuzzyWeight: 0.3,
  proximityWindow: 4,
  proximityWeight: 1,
  candidates: 50,
  duplicateCosine: 0.9,
  similarTerms: 25,
  feedbackWeight: 0.3,
  feedbackDocs: 3,
  feedbackTerms: 5,
  feedbackMaxDf: 0.2,
  // Weighted, semantic at half: RRF let semantic-only papers push judged ones out of the top 10 (dev
  // nDCG@10 0.790 with RRF, 0.909 weighted x0.5, 0.907 lexical alone; docs/search.md).
  fusion: 'weighted',
  rrfK: 60,
  lexicalWeight: 1,
  semanticWeight: 0.5,
  semanticCandidates: 100,
};
