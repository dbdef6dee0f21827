import type { Paper } from '../papers/paper.js';
import { analyzeTerms } from '../search/analyzer.js';
import { mmr } from './mmr.js';
import { learnTaste, type Taste } from './taste.js';
import { dot, tfidfVectors, type SparseVector } from './vectors.js';

/** A paper the channel could get today, with how well it matches the channel's topics. */
export interface Candidate {
  paper: Paper;
  /** 0..1, the search score against the best-matching topic, normalized per topic. */
  relevance: number;
  topics: string[];
  /** Labels of the channel's follows it matches ("Tri Dao", "cs.CL"). */
  follows?: string[];
}

export interface ScoreParts {
  relevance: number;
  taste: number;
  popularity: number;
  freshness: number;
  code: number;
}

export interface ScoredCandidate extends Candidate {
  score: number;
  parts: ScoreParts;
  reasons: string[];
}

/**
 * Why these weights: topic relevance is what the channel asked for, so it leads; the team's taste
 * is the next best evidence of interest; popularity and freshness break ties among good matches;
 * a code link is a small bonus practitioners ask for. They sum to 1 so a score reads as 0..1.
 */
export const WEIGHTS: ScoreParts = { relevance: 0.5, taste: 0.2, popularity: 0.15, freshness: 0.1, code: 0.05 };
/** Upvotes lose half their weight every this many days after the paper was announced. */
const UPVOTE_HALF_LIFE_DAYS = 3;
const FRESHNESS_HALF_LIFE_DAYS = 2;
/** About this many (decayed) upvotes count as "very popular" (score 1). */
const POPULAR_UPVOTES = 100;
const MMR_LAMBDA = 0.7;

const DAY = 86_400_000;

function ageDays(p: Paper, now: Date): number {
  const t = (p.announcedAt ?? p.publishedAt ?? p.createdAt).getTime();
  return Math.max(0, (now.getTime() - t) / DAY);
}

/**
 * A paper's analyzed terms (title twice: it says what the paper is about), cached by id and
 * change time: channels share topics, so composing many digests meets the same papers again
 * and again, and analysis (stemming) is most of the scoring cost. Bounded, oldest out first.
 */
const TERMS_CACHE_MAX = 20_000;
const termsCache = new Map<string, string[]>();

function paperTerms(p: Paper): string[] {
  const key = `${p.id}@${p.changedAt.getTime()}`;
  let terms = termsCache.get(key);
  if (terms) {
    termsCache.delete(key); // refresh its place
  } else {
    terms = analyzeTerms(`${p.title} ${p.title} ${p.abstract}`);
    if (termsCache.size >= TERMS_CACHE_MAX) termsCache.delete(termsCache.keys().next().value!);
  }
  termsCache.set(key, terms);
  return terms;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Score each candidate from relevance, the team's taste, popularity, freshness and code, and write
 * the reasons a person checks at a glance. `saved` are the workspace's bookmarked papers.
 */
export function scoreCandidates(
  candidates: Candidate[],
  labels: { liked: Paper[]; disliked?: Paper[] },
  now: Date,
): { scored: ScoredCandidate[]; vectors: Map<string, SparseVector>; taste: Taste['kind'] } {
  const saved = labels.liked;
  const disliked = labels.disliked ?? [];
  const savedIds = new Set(saved.map((p) => p.id));
  const seen = new Set(candidates.map((c) => c.paper.id));
  const docs = [...candidates.map((c) => c.paper), ...[...saved, ...disliked].filter((p) => !seen.has(p.id) && seen.add(p.id))];
  const { vectors: vecs, dims } = tfidfVectors(docs.map(paperTerms));
  const vectors = new Map(docs.map((p, i) => [p.id, vecs[i]]));
  const taste = learnTaste(
    saved.map((p) => vectors.get(p.id)!),
    candidates.filter((c) => !savedIds.has(c.paper.id)).map((c) => vectors.get(c.paper.id)!),
    dims,
    disliked.map((p) => vectors.get(p.id)!),
  );
  const candidateVectors = candidates.map((c) => vectors.get(c.paper.id)!);
  // A candidate the team saved is left out of its own comparison.
  const selves = candidates.map((c, i) => (savedIds.has(c.paper.id) ? candidateVectors[i] : undefined));
  const tasteScores = taste.scoreAll(candidateVectors, selves);

  const scored = candidates.map((c, i): ScoredCandidate => {
    const p = c.paper;
    const age = ageDays(p, now);
    const decayedVotes = p.upvotes * Math.pow(0.5, age / UPVOTE_HALF_LIFE_DAYS);
    const parts: ScoreParts = {
      relevance: c.relevance,
      taste: tasteScores[i],
      popularity: Math.min(1, Math.log1p(decayedVotes) / Math.log1p(POPULAR_UPVOTES)),
      freshness: Math.pow(0.5, age / FRESHNESS_HALF_LIFE_DAYS),
      code: p.codeUrl ? 1 : 0,
    };
    const score = (Object.keys(WEIGHTS) as Array<keyof ScoreParts>).reduce((s, k) => s + WEIGHTS[k] * parts[k], 0);
    const reasons: string[] = (c.follows ?? []).map((label) => `you follow ${label}`);
    if (c.topics.length) reasons.push(`matches ${c.topics.join(', ')}`);
    if (savedIds.has(p.id)) reasons.push('saved by your team');
    const likes = taste.likes(candidateVectors[i], selves[i]);
    if (likes > 0) reasons.push(`like ${plural(likes, 'paper', 'papers')} your team saved`);
    if (p.upvotes > 0) reasons.push(plural(p.upvotes, 'upvote', 'upvotes'));
    if (p.codeUrl) reasons.push('code available');
    return { ...c, score, parts, reasons };
  });
  scored.sort((a, b) => b.score - a.score || a.paper.id.localeCompare(b.paper.id));
  return { scored, vectors, taste: taste.kind };
}

/** The top `k`, diversified so the picks are not versions of one idea. */
export function diversify(scored: ScoredCandidate[], vectors: Map<string, SparseVector>, k: number): ScoredCandidate[] {
  return mmr(scored, (c) => c.score, (a, b) => dot(vectors.get(a.paper.id)!, vectors.get(b.paper.id)!), k, MMR_LAMBDA);
}
