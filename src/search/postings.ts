/**
 * The term dictionary and its posting lists: for each term, the papers holding it (ascending numbers)
 * and their per-field counts packed in 16 bits (index-layout.ts). Lists grow by a quarter, so the
 * largest structure of the index carries at most ~20% slack.
 */
import * as layout from './index-layout.js';
import { growInt32, growUint32 } from './typed-arrays.js';

// Module constants for the hot loops (index-layout.ts says why).
const { CAPS, ID, PART, SEP, SHIFTS, TITLE } = layout;

export interface Postings {
  readonly termIds: Map<string, number>;
  readonly termStr: string[];
  /** Live papers holding each term. */
  readonly termDf: number[];
  postDocs: Int32Array[];
  postTfs: Uint16Array[];
  postN: number[];
  totalPostings: number;
  /** Postings of removed papers, still in the lists until compaction. */
  deadPostings: number;
  /** The term's id, a new one (with an empty list) for a term not seen before. */
  termOrNew(term: string): number;
  /** Per-field counts of a paper's terms, from its stream. */
  countsOf(seq: Int32Array): Map<number, number>;
  /** Count the paper's terms per field and append one posting each. */
  indexPostings(doc: number, seq: Int32Array): void;
  /** Where the paper is in the term's list, or -1. */
  findPosting(term: number, doc: number): number;
  /** Give back the slack of lists that stopped growing (after a large load). */
  shrinkPostings(): void;
  /** Empty every list and count, to re-index renumbered papers (compaction). */
  clearPostings(): void;
}

/** `partUnits`: what a part of a hyphenated word counts, in half occurrences. */
export function createPostings(partUnits: number): Postings {
  let tfAcc: Uint32Array = new Uint32Array(1024);
  let tfStamp: Int32Array = new Int32Array(1024);
  let tfList: Int32Array = new Int32Array(1024);

  const p: Postings = {
    termIds: new Map<string, number>(),
    termStr: [],
    termDf: [],
    postDocs: [],
    postTfs: [],
    postN: [],
    totalPostings: 0,
    deadPostings: 0,
    termOrNew,
    countsOf,
    indexPostings,
    findPosting,
    shrinkPostings,
    clearPostings,
  };

  function termOrNew(term: string): number {
    let id = p.termIds.get(term);
    if (id === undefined) {
      id = p.termStr.length;
      p.termIds.set(term, id);
      p.termStr.push(term);
      p.postDocs.push(new Int32Array(2));
      p.postTfs.push(new Uint16Array(2));
      p.postN.push(0);
      p.termDf.push(0);
    }
    return id;
  }

  function appendPosting(term: number, doc: number, packed: number) {
    const n = p.postN[term];
    if (n === p.postDocs[term].length) {
      // Grow by a quarter: at most ~20% slack in the largest structure of the index.
      const cap = n + Math.max(4, n >> 2);
      const docs = new Int32Array(cap);
      docs.set(p.postDocs[term]);
      p.postDocs[term] = docs;
      const tfs = new Uint16Array(cap);
      tfs.set(p.postTfs[term]);
      p.postTfs[term] = tfs;
    }
    p.postDocs[term][n] = doc;
    p.postTfs[term][n] = packed;
    p.postN[term] = n + 1;
    p.totalPostings++;
  }

  function countsOf(seq: Int32Array): Map<number, number> {
    const counts = new Map<number, number>();
    let field = TITLE;

    for (let i = 0; i < seq.length; i++) {
      let t = seq[i];
      if (t === SEP) {
        field++;
        continue;
      }
      let units = 2;
      if (t < -1) t = -t - 2;
      else if (t & PART) {
        t &= ID;
        units = partUnits;
      }
      const c = counts.get(t) ?? 0;
      const f = (c >>> SHIFTS[field]) & CAPS[field];
      if (f + units <= CAPS[field]) counts.set(t, c + (units << SHIFTS[field]));
    }
    return counts;
  }

  /** Typed scratch, stamped per paper: no allocation per paper indexed. */
  function indexPostings(doc: number, seq: Int32Array) {
    const termCount = p.termStr.length;
    if (tfAcc.length < termCount) {
      tfAcc = growUint32(tfAcc, termCount);
      tfStamp = growInt32(tfStamp, termCount);
    }
    if (tfList.length < seq.length) tfList = growInt32(tfList, seq.length);
    const mark = doc + 1;
    let n = 0;
    let field = 0;
    let shift = 0;
    let cap = CAPS[0];
    for (let j = 0; j < seq.length; j++) {
      let t = seq[j];
      if (t === SEP) {
        field++;
        shift = SHIFTS[field];
        cap = CAPS[field];
        continue;
      }
      let units = 2;
      if (t < -1) t = -t - 2;
      else if (t & PART) {
        t &= ID;
        units = partUnits;
      }
      if (tfStamp[t] !== mark) {
        tfStamp[t] = mark;
        tfAcc[t] = 0;
        tfList[n++] = t;
      }
      const c = tfAcc[t];
      if (((c >>> shift) & cap) + units <= cap) tfAcc[t] = c + (units << shift);
    }
    const termDf = p.termDf;
    for (let i = 0; i < n; i++) {
      const t = tfList[i];
      appendPosting(t, doc, tfAcc[t]);
      termDf[t]++;
    }
  }

  function findPosting(term: number, doc: number): number {
    const docs = p.postDocs[term];
    let lo = 0;
    let hi = p.postN[term] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = docs[mid];
      if (d === doc) return mid;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  function shrinkPostings() {
    for (let t = 0; t < p.termStr.length; t++) {
      if (p.postDocs[t].length > p.postN[t] + 8) {
        p.postDocs[t] = p.postDocs[t].slice(0, p.postN[t]);
        p.postTfs[t] = p.postTfs[t].slice(0, p.postN[t]);
      }
    }
  }

  function clearPostings() {
    p.postDocs = p.termStr.map(() => new Int32Array(2));
    p.postTfs = p.termStr.map(() => new Uint16Array(2));
    p.postN = p.termStr.map(() => 0);
    p.totalPostings = 0;
    p.deadPostings = 0;
    for (let t = 0; t < p.termDf.length; t++) p.termDf[t] = 0;
  }

  return p;
}
