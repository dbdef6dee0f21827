/**
 * Spelling help from the library's own words. Hand-written rather than an npm edit-distance package:
 * we need a distance with a cut-off (stop as soon as it exceeds 1 or 2) and adjacent transpositions
 * ("decdoing"), which the popular ones (fastest-levenshtein, leven) do not offer; it is 30 lines.
 */
import { firstAtLeast } from './prefix-lookup.js';

/** Optimal-string-alignment distance between a and b, or max+1 as soon as it must exceed max. */
export function editDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (rows[0].length <= m) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(m + 16);
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}
// Three reusable rows: the scan over a vocabulary calls this thousands of times per query.
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** How many edits a word of this length may be off: none for short words, whose neighbours are other real words. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

/**
 * Surface words seen in the library, bucketed by length for the fuzzy scan. Each word is registered
 * once with its index key; how many papers use it is asked of the index (live: removals count).
 */
export interface Vocabulary {
  /**
   * Register a word as written (lower case) with its key, once; the returned record's `uses` is for the
   * caller to count occurrences in, which ranks corrections that share a key ("speculative" over "speculate").
   */
  note(word: string, key: number): { uses: number };
  count(word: string): number;
  /** Library words within the allowed edits of `word`, closest and most used first. */
  near(word: string, max?: number, minCount?: number): Array<{ word: string; distance: number; count: number }>;
  /** Library words that start with `prefix`, most used first. */
  completions(prefix: string, limit: number, minCount?: number): Array<{ word: string; count: number }>;
  size(): number;
}

const WORDLIKE = /^\p{L}[\p{L}\p{N}]*$/u;

/** Which of 32 letter classes a word holds: one edit changes at most two bits, so most words fail fast. */
function letterMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) m |= 1 << (word.charCodeAt(i) % 32);
  return m;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63;
}

/** Words of one length, with their letter masks in a typed array for the tight pre-filter loop. */
interface Bucket {
  words: string[];
  masks: Int32Array;
}

export function createVocabulary(papersWith: (key: number) => number): Vocabulary {
  const keys = new Map<string, { key: number; uses: number }>();
  const byLength = new Map<number, Bucket>();
  // Completions binary-search a sorted copy; words seen since wait in a small unsorted tail.
  let sorted: string[] = [];
  let pending: string[] = [];
  const ignored = { uses: 0 };
  const count = (word: string) => {
    const k = keys.get(word);
    return k === undefined ? 0 : papersWith(k.key);
  };
  const uses = (word: string) => keys.get(word)?.uses ?? 0;
  return {
    note(word, key) {
      const known = keys.get(word);
      if (known) return known;
      if (word.length < 3 || word.length > 30 || !WORDLIKE.test(word)) return ignored;
      const rec = { key, uses: 0 };
      keys.set(word, rec);
      let bucket = byLength.get(word.length);
      if (!bucket) byLength.set(word.length, (bucket = { words: [], masks: new Int32Array(64) }));
      if (bucket.words.length === bucket.masks.length) {
        const grown = new Int32Array(bucket.masks.length * 2);
        grown.set(bucket.masks);
        bucket.masks = grown;
      }
      bucket.masks[bucket.words.length] = letterMask(word);
      bucket.words.push(word);
      pending.push(word);
      return rec;
    },
    count,
    near(word, max = allowedEdits(word.length), minCount = 2) {
      const out: Array<{ word: string; distance: number; count: number }> = [];
      if (max <= 0) return out;
      const mask = letterMask(word);
      const maxBits = 2 * max;
      for (let len = word.length - max; len <= word.length + max; len++) {
        const bucket = byLength.get(len);
        if (!bucket) continue;
        const { words, masks } = bucket;
        for (let i = 0, n = words.length; i < n; i++) {
          if (bitCount(masks[i] ^ mask) > maxBits) continue;
          const w = words[i];
          if (w === word) continue;
          const d = editDistance(word, w, max);
          if (d > max) continue;
          const c = count(w);
          if (c >= minCount) out.push({ word: w, distance: d, count: c });
        }
      }
      return out.sort((a, b) => a.distance - b.distance || b.count - a.count || uses(b.word) - uses(a.word) || a.word.localeCompare(b.word));
    },
    completions(prefix, limit, minCount = 2) {
      if (pending.length > 2_000) {
        sorted = [...sorted, ...pending].sort();
        pending = [];
      }
      const out: Array<{ word: string; count: number }> = [];
      const consider = (w: string) => {
        if (w.length <= prefix.length || !w.startsWith(prefix)) return;
        const c = count(w);
        if (c >= minCount) out.push({ word: w, count: c });
      };
      for (let i = firstAtLeast(sorted, prefix); i < sorted.length && sorted[i].startsWith(prefix); i++) consider(sorted[i]);
      for (const w of pending) consider(w);
      return out.sort((a, b) => b.count - a.count || uses(b.word) - uses(a.word) || a.word.localeCompare(b.word)).slice(0, limit);
    },
    size: () => keys.size,
  };
}
