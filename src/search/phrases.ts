/**
 * Phrase matching over paper streams, for acronym long forms searched as phrases ("lora" -> "low-rank
 * adaptation"): papers holding every word are found through the postings, then word order is checked
 * in their streams.
 */
import * as layout from './index-layout.js';
import type { IndexStore } from './index-store.js';
import { growUint32 } from './typed-arrays.js';

// Module constants for the hot loops (index-layout.ts says why).
const { ID, SEP } = layout;
/** Phrase matches worth keeping: held by this many papers; and at most this many phrases kept. */
const CACHE_MIN_PAPERS = 500;
const CACHE_PHRASES = 64;

export interface PhraseMatcher {
  /** Per-field occurrences (in half units) of a phrase as adjacent content words of one paper. */
  phraseIn(doc: number, terms: number[], counts: number[]): boolean;
  /** Each paper holding the phrase, with its per-field counts. */
  phraseDocs(terms: number[], each: (doc: number, counts: number[]) => void): void;
}

export function createPhraseMatcher(store: IndexStore): PhraseMatcher {
  const { postings, streams } = store;
  /** Per paper: the last phrase word it was marked for (stamped, so never cleared). */
  let pMark: Uint32Array = new Uint32Array(1024);
  let pgen = 0;

  function phraseIn(doc: number, terms: number[], counts: number[]): boolean {
    const seq = streams.seqOf(doc);
    counts[0] = counts[1] = counts[2] = 0;
    let field = 0;
    let k = 0;
    const first = terms[0];
    for (let j = 0; j < seq.length; j++) {
      let t = seq[j];
      if (t === SEP) {
        field++;
        k = 0;
        continue;
      }
      if (t < -1) continue;
      t &= ID;
      if (t === terms[k]) {
        if (++k === terms.length) {
          counts[field] += 2;
          k = 0;
        }
      } else k = t === first ? 1 : 0;
    }
    return counts[0] > 0 || counts[1] > 0 || counts[2] > 0;
  }

  /**
   * Phrases held by many papers ("large language models", the long form of "llm", in a third of a real
   * library) cost a stream decode per paper holding all their words: tens of milliseconds. Their
   * matches are kept until the index changes, so every query with "llm" pays once.
   */
  const cache = new Map<string, { version: string; docs: Int32Array; counts: Uint8Array }>();
  const version = () => `${store.docExt.length}:${postings.totalPostings}:${store.liveDocs}`;

  function phraseDocs(terms: number[], each: (doc: number, counts: number[]) => void) {
    const key = terms.join(',');
    const now = version();
    const hit = cache.get(key);
    if (hit && hit.version === now) {
      const counts = [0, 0, 0];
      for (let i = 0; i < hit.docs.length; i++) {
        counts[0] = hit.counts[3 * i];
        counts[1] = hit.counts[3 * i + 1];
        counts[2] = hit.counts[3 * i + 2];
        each(hit.docs[i], counts);
      }
      return;
    }
    const found: number[] = [];
    const foundCounts: number[] = [];
    matchPhrase(terms, (doc, counts) => {
      found.push(doc);
      foundCounts.push(Math.min(255, counts[0]), Math.min(255, counts[1]), Math.min(255, counts[2]));
      each(doc, counts);
    });
    if (found.length < CACHE_MIN_PAPERS) return;
    if (cache.size >= CACHE_PHRASES) cache.clear();
    cache.set(key, { version: now, docs: Int32Array.from(found), counts: Uint8Array.from(foundCounts) });
  }

  /** Papers with every term (marked term by term, rarest first), then word order checked. */
  function matchPhrase(terms: number[], each: (doc: number, counts: number[]) => void) {
    const { postDocs, postN } = postings;
    const alive = store.alive;
    const mark = (pMark = growUint32(pMark, store.docExt.length));
    const order = [...new Set(terms)].sort((a, b) => postN[a] - postN[b]);
    pgen += order.length + 1;
    const base = pgen - order.length;
    for (let k = 0; k < order.length; k++) {
      const t = order[k];
      const docs = postDocs[t];
      const want = k === 0 ? -1 : base + k - 1;
      for (let i = 0, n = postN[t]; i < n; i++) {
        const doc = docs[i];
        if (k === 0 ? alive[doc] === 1 : mark[doc] === want) mark[doc] = base + k;
      }
    }
    const counts = [0, 0, 0];
    const last = base + order.length - 1;
    const docs = postDocs[order[order.length - 1]];
    for (let i = 0, n = postN[order[order.length - 1]]; i < n; i++) {
      const doc = docs[i];
      if (mark[doc] === last && phraseIn(doc, terms, counts)) each(doc, counts);
    }
  }

  return { phraseIn, phraseDocs };
}
