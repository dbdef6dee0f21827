/**
 * Terms starting with a query word's stem ("data" -> "dataset"), for the planner's stem extensions.
 * Plain word terms are kept in sorted order for a binary search; new terms wait in a small unsorted
 * tail, so indexing a paper never re-sorts the vocabulary.
 */
import type { Postings } from './postings.js';

export interface PrefixLookup {
  /** A new term (only plain words are kept). */
  add(term: string): void;
  /** Up to `limit` live terms starting with the prefix (the prefix itself excluded), most papers first. */
  termsStartingWith(prefix: string, limit: number): number[];
}

/** Where `key` is, or would go, in a sorted array (binary search). */
export function firstAtLeast(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createPrefixLookup(postings: Postings): PrefixLookup {
  const { termIds, termStr, termDf } = postings;
  let sortedTerms: string[] = [];
  let pendingTerms: string[] = [];

  function termsStartingWith(prefix: string, limit: number): number[] {
    if (pendingTerms.length > 2_000) {
      sortedTerms = [...sortedTerms, ...pendingTerms].sort();
      pendingTerms = [];
    }
    const found: number[] = [];
    for (let i = firstAtLeast(sortedTerms, prefix); i < sortedTerms.length && sortedTerms[i].startsWith(prefix) && found.length < 200; i++) found.push(termIds.get(sortedTerms[i])!);
    for (const t of pendingTerms) if (t.startsWith(prefix)) found.push(termIds.get(t)!);
    return found
      .filter((id) => termStr[id] !== prefix && termDf[id] > 0)
      .sort((a, b) => termDf[b] - termDf[a] || a - b)
      .slice(0, limit);
  }

  return {
    add(term) {
      if (/^\p{L}+$/u.test(term)) pendingTerms.push(term);
    },
    termsStartingWith,
  };
}
