import { createAcronymDictionary, type AcronymDictionary } from './acronyms.js';
import { analyzeWord, cleanText, scanWords, type Token } from './analyzer.js';
import { isNameLike, nameSegments } from './composites.js';
import { DEFAULT_PARAMS, type RankingParams } from './params.js';
import { planQuery, type Alt, type Concept, type Lexicon } from './query-plan.js';
import type { Match, MatchField, SearchDoc, SearchHit, SearchIndex, SearchOptions, SearchResult } from './search-index.js';
import { createVocabulary, type Vocabulary } from './typos.js';

/*
 * Layout, chosen for 100k+ papers in a few hundred MB with millisecond queries:
 * - postings per term: doc numbers (Int32Array, ascending) and per-field counts packed in a Uint32Array
 *   (title | abstract << 8 | authors << 16, each capped at 255);
 * - per paper, its analyzed token stream as term ids (title, -1, abstract, -1, authors; a hyphenated
 *   word's whole form is stored as -(id + 2) before its parts). The stream gives positions for phrases
 *   and proximity, term vectors for "similar" and duplicates, and lets removal and compaction work
 *   without the original text;
 * - removal marks the paper dead; dead postings are skipped and purged once they pile up.
 */

const SEP = -1;
/** Set on a stream entry that is a part of a hyphenated word. */
const PART = 1 << 29;
const ID = PART - 1;
/** Counts are stored in half occurrences, so a hyphen part can count half (params.compoundPartWeight). */
const UNIT = 0.5;
// Per-field counts packed in 16 bits, in half occurrences: title 5 bits, abstract 6, authors 5. BM25
// saturates long before the caps (15 title, 31 abstract occurrences), so nothing measurable is lost.
const T_MASK = 31;
const A_SHIFT = 5;
const A_MASK = 63;
const U_SHIFT = 11;
const SHIFTS = [0, A_SHIFT, U_SHIFT];
const CAPS = [T_MASK, A_MASK, 31];
const TITLE = 0;
const ABSTRACT = 1;
const AUTHORS = 2;
const FIELD_NAMES: MatchField[] = ['title', 'abstract', 'authors'];

function growInt32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, Math.ceil(a.length * 1.5) + 4));
  b.set(a);
  return b;
}
function growUint32(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, Math.ceil(a.length * 1.5) + 4));
  b.set(a);
  return b;
}
function growFloat64(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}
function growFloat32(a: Float32Array, need: number): Float32Array {
  if (need <= a.length) return a;
  const b = new Float32Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}
function growUint16(a: Uint16Array, need: number): Uint16Array {
  if (need <= a.length) return a;
  const b = new Uint16Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}
function growUint8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}

/** FNV-1a over the indexed text, to skip re-indexing a paper whose text did not change. */
function textHash(d: SearchDoc): number {
  let h = 0x811c9dc5;
  const s = `${d.title}\u0000${d.abstract}\u0000${d.authors.join('\u0001')}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A min-heap of (score, doc) keeping the best k. */
class TopK {
  scores: Float64Array;
  docs: Int32Array;
  n = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.docs = new Int32Array(k);
  }
  min(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }
  push(score: number, doc: number) {
    const { scores, docs } = this;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (scores[p] <= score) break;
        scores[i] = scores[p];
        docs[i] = docs[p];
        i = p;
      }
      scores[i] = score;
      docs[i] = doc;
      return;
    }
    if (score <= scores[0]) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && scores[r] < scores[l] ? r : l;
      if (scores[c] >= score) break;
      scores[i] = scores[c];
      docs[i] = docs[c];
      i = c;
    }
    scores[i] = score;
    docs[i] = doc;
  }
  sorted(): Array<{ doc: number; score: number }> {
    const out = [];
    for (let i = 0; i < this.n; i++) out.push({ doc: this.docs[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}

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
}

export function createBm25fIndex(params: Partial<RankingParams> = {}): Bm25fIndex {
  const P: RankingParams = { ...DEFAULT_PARAMS, ...params };
  const W = [P.title.weight * UNIT, P.abstract.weight * UNIT, P.authors.weight * UNIT];
  const partUnits = Math.round(2 * P.compoundPartWeight);
  const FW = [P.title.weight, P.abstract.weight, P.authors.weight];
  const B = [P.title.b, P.abstract.b, P.authors.b];

  // Terms.
  const termIds = new Map<string, number>();
  const termStr: string[] = [];
  let postDocs: Int32Array[] = [];
  let postTfs: Uint16Array[] = [];
  let postN: number[] = [];
  const termDf: number[] = [];
  const displayOf = new Map<number, string>();
  // First surface form seen for each word term, to show "speculative" rather than the stem "specul".
  const surfaceOf: string[] = [];
  const segments = new Map<string, number[]>();
  const segmentedForms = new Set<string>();
  const joinedToCompound = new Map<string, number[]>();

  // Papers.
  const byExt = new Map<string, number>();
  let docExt: string[] = [];
  // Every paper's stream lives in one byte arena (offsets per paper), each entry a varint of
  // id * 4 + kind (word, hyphen part, whole hyphenated word, field separator): frequent words get small
  // ids, so most entries take one or two bytes instead of four.
  let arena: Uint8Array = new Uint8Array(1 << 16);
  let arenaUsed = 0;
  let seqStart: Int32Array = new Int32Array(1024);
  let seqEnd: Int32Array = new Int32Array(1024);
  let docHash: Uint32Array = new Uint32Array(1024);
  let alive: Uint8Array = new Uint8Array(1024);
  let len: Uint16Array[] = [new Uint16Array(1024), new Uint16Array(1024), new Uint16Array(1024)];
  const lenSum = [0, 0, 0];
  let liveDocs = 0;
  let totalPostings = 0;
  let deadPostings = 0;

  const acronyms: AcronymDictionary = createAcronymDictionary();
  const vocab: Vocabulary = createVocabulary((term) => termDf[term] ?? 0);

  // Query scratch, sized to the doc count and reused (no allocation per query).
  let acc: Float64Array = new Float64Array(1024);
  let accGen: Uint32Array = new Uint32Array(1024);
  let gen = 0;
  let touched: Int32Array = new Int32Array(1024);
  let cf: Float32Array[] = [new Float32Array(1024), new Float32Array(1024), new Float32Array(1024)];
  let cGen: Uint32Array = new Uint32Array(1024);
  let cgen = 0;
  let cTouched: Int32Array = new Int32Array(1024);
  let exGen: Uint32Array = new Uint32Array(1024);
  let pMark: Uint32Array = new Uint32Array(1024);
  let pgen = 0;
  let inv: Float32Array[] = [new Float32Array(1024), new Float32Array(1024), new Float32Array(1024)];
  const invAvg = [0, 0, 0];

  function termOrNew(term: string): number {
    let id = termIds.get(term);
    if (id === undefined) {
      id = termStr.length;
      termIds.set(term, id);
      termStr.push(term);
      postDocs.push(new Int32Array(2));
      postTfs.push(new Uint16Array(2));
      postN.push(0);
      termDf.push(0);
      surfaceOf.push(term);
      if (/^\p{L}+$/u.test(term)) pendingTerms.push(term);
      if (termQ.length <= id) termQ = growInt32(termQ, id + 1);
    }
    return id;
  }

  function noteName(token: Token, id: number) {
    // Most words are lower case, or capitalized only at the start: not names.
    if (token.original.length < 4 || token.original.slice(1) === token.surface.slice(1)) return;
    if (segmentedForms.has(token.original) || !isNameLike(token.original)) return;
    segmentedForms.add(token.original);
    if (!displayOf.has(id)) displayOf.set(id, token.original);
    for (const key of nameSegments(token.original)) {
      let list = segments.get(key);
      if (!list) segments.set(key, (list = []));
      if (!list.includes(id)) list.push(id);
    }
  }

  function appendPosting(term: number, doc: number, packed: number) {
    const n = postN[term];
    if (n === postDocs[term].length) {
      // Grow by a quarter: at most ~20% slack in the largest structure of the index.
      const cap = n + Math.max(4, n >> 2);
      const docs = new Int32Array(cap);
      docs.set(postDocs[term]);
      postDocs[term] = docs;
      const tfs = new Uint16Array(cap);
      tfs.set(postTfs[term]);
      postTfs[term] = tfs;
    }
    postDocs[term][n] = doc;
    postTfs[term][n] = packed;
    postN[term] = n + 1;
    totalPostings++;
  }

  /** Per-field counts of a paper's terms, from its stream. */
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

  let tfAcc: Uint32Array = new Uint32Array(1024);
  let tfStamp: Int32Array = new Int32Array(1024);
  let tfList: Int32Array = new Int32Array(1024);

  /** Count the paper's terms per field (typed scratch, no allocation) and append one posting each. */
  function indexPostings(doc: number, seq: Int32Array) {
    if (tfAcc.length < termStr.length) {
      tfAcc = growUint32(tfAcc, termStr.length);
      tfStamp = growInt32(tfStamp, termStr.length);
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
    for (let i = 0; i < n; i++) {
      const t = tfList[i];
      appendPosting(t, doc, tfAcc[t]);
      termDf[t]++;
    }
  }

  function ensureDocCapacity(need: number) {
    alive = growUint8(alive, need);
    len = len.map((a) => growUint16(a, need));
    acc = growFloat64(acc, need);
    accGen = growUint32(accGen, need);
    touched = growInt32(touched, need);
    cf = cf.map((a) => growFloat32(a, need));
    cGen = growUint32(cGen, need);
    cTouched = growInt32(cTouched, need);
    exGen = growUint32(exGen, need);
    pMark = growUint32(pMark, need);
    inv = inv.map((a) => growFloat32(a, need));
    seqStart = growInt32(seqStart, need);
    docHash = growUint32(docHash, need);
    seqEnd = growInt32(seqEnd, need);
  }

  let seqScratch: Int32Array = new Int32Array(4096);

  /** A paper's stream, decoded into a shared buffer: use it before asking for another paper's. */
  function seqOf(doc: number): Int32Array {
    const start = seqStart[doc];
    const end = seqEnd[doc];
    if (seqScratch.length < end - start) seqScratch = new Int32Array((end - start) * 2);
    const out = seqScratch;
    const a = arena;
    let n = 0;
    for (let j = start; j < end; ) {
      let b = a[j++];
      let e = b & 127;
      for (let shift = 7; b & 128; shift += 7) {
        b = a[j++];
        e |= (b & 127) << shift;
      }
      const id = e >>> 2;
      const kind = e & 3;
      out[n++] = kind === 0 ? id : kind === 1 ? id | PART : kind === 2 ? -id - 2 : SEP;
    }
    return out.subarray(0, n);
  }

  function reserveArena(bytes: number) {
    if (arenaUsed + bytes <= arena.length) return;
    const bigger = new Uint8Array(Math.max(arenaUsed + bytes, Math.ceil(arena.length * 1.25)));
    bigger.set(arena.subarray(0, arenaUsed));
    arena = bigger;
  }

  function appendStream(doc: number, stream: Int32Array) {
    reserveArena(stream.length * 5);
    const a = arena;
    let u = arenaUsed;
    seqStart[doc] = u;
    for (let i = 0; i < stream.length; i++) {
      const v = stream[i];
      let e = v === SEP ? 3 : v < -1 ? (-v - 2) * 4 + 2 : v & PART ? (v & ID) * 4 + 1 : v * 4;
      while (e >= 128) {
        a[u++] = (e & 127) | 128;
        e >>>= 7;
      }
      a[u++] = e;
    }
    arenaUsed = u;
    seqEnd[doc] = u;
  }

  function appendBytes(doc: number, bytes: Uint8Array) {
    reserveArena(bytes.length);
    arena.set(bytes, arenaUsed);
    seqStart[doc] = arenaUsed;
    arenaUsed += bytes.length;
    seqEnd[doc] = arenaUsed;
  }

  /** What one distinct written word adds to a paper's stream; memoized, since analysis ignores context. */
  interface WordEntry {
    raw: string;
    hash: number;
    seq: Int32Array;
    words: number;
    /** Vocabulary records of its words, whose use counts rank spelling corrections. */
    uses: Array<{ uses: number }>;
  }
  // Distinct written words, in an open-addressing table keyed by the scanner's hash and checked against
  // the text in place: most occurrences are found without cutting a substring.
  const WORD_CACHE_MAX = 300_000;
  let wordSlots: Int32Array = new Int32Array(1 << 14).fill(-1);
  let wordEntries: WordEntry[] = [];

  function entryAt(text: string, start: number, end: number, hash: number): WordEntry {
    const mask = wordSlots.length - 1;
    let i = hash & mask;
    for (let e = wordSlots[i]; e >= 0; e = wordSlots[i]) {
      const w = wordEntries[e];
      if (w.hash === hash && w.raw.length === end - start && text.startsWith(w.raw, start)) return w;
      i = (i + 1) & mask;
    }
    if (wordEntries.length >= WORD_CACHE_MAX) {
      wordEntries = [];
      wordSlots.fill(-1);
      return entryAt(text, start, end, hash);
    }
    const entry = entryFor(text.slice(start, end), hash);
    wordSlots[i] = wordEntries.length;
    wordEntries.push(entry);
    if (wordEntries.length * 2 > wordSlots.length) {
      wordSlots = new Int32Array(wordSlots.length * 2).fill(-1);
      const m = wordSlots.length - 1;
      wordEntries.forEach((w, k) => {
        let j = w.hash & m;
        while (wordSlots[j] >= 0) j = (j + 1) & m;
        wordSlots[j] = k;
      });
    }
    return entry;
  }

  function entryFor(raw: string, hash: number): WordEntry {
    const seq: number[] = [];
    const uses: Array<{ uses: number }> = [];
    let words = 0;
    for (const tok of analyzeWord(raw)) {
      const before = termStr.length;
      const id = termOrNew(tok.term);
      if (id === before) surfaceOf[id] = tok.surface;
      if (tok.kind === 'compound') {
        seq.push(-id - 2);
        if (tok.joined) {
          let list = joinedToCompound.get(tok.joined);
          if (!list) joinedToCompound.set(tok.joined, (list = []));
          if (!list.includes(id)) list.push(id);
          if (!displayOf.has(id)) displayOf.set(id, tok.surface);
        }
        continue;
      }
      seq.push(tok.part ? id | PART : id);
      words++;
      noteName(tok, id);
      uses.push(vocab.note(tok.surface, id));
    }
    return { raw, hash, seq: Int32Array.from(seq), words, uses };
  }

  let streamBuf: Int32Array = new Int32Array(4096);

  function addOne(d: SearchDoc) {
    const hash = textHash(d);
    const old = byExt.get(d.id);
    if (old !== undefined) {
      if (docHash[old] === hash) return;
      removeDoc(old);
    }
    const doc = docExt.length;
    ensureDocCapacity(doc + 1);
    let n = 0;
    const lengths = [0, 0, 0];
    const fields = [d.title ?? '', d.abstract ?? '', (d.authors ?? []).join(' ; ')];
    for (let f = 0; f < 3; f++) {
      if (f > 0) streamBuf[n++] = SEP;
      const text = cleanText(fields[f]);
      scanWords(text, (start, end, hash) => {
        const e = entryAt(text, start, end, hash);
        if (n + e.seq.length >= streamBuf.length) streamBuf = growInt32(streamBuf, (n + e.seq.length) * 2);
        streamBuf.set(e.seq, n);
        n += e.seq.length;
        lengths[f] += e.words;
        for (const u of e.uses) u.uses++;
      });
    }
    docExt.push(d.id);
    const stream = streamBuf.subarray(0, n);
    appendStream(doc, stream);
    docHash[doc] = hash;
    alive[doc] = 1;
    for (let f = 0; f < 3; f++) {
      len[f][doc] = Math.min(lengths[f], 65_535);
      lenSum[f] += len[f][doc];
    }
    liveDocs++;
    invFor(doc);
    byExt.set(d.id, doc);
    indexPostings(doc, stream);
    acronyms.addDocument(doc, `${d.title ?? ''}. ${d.abstract ?? ''}`);
  }

  function removeDoc(doc: number) {
    if (!alive[doc]) return;
    alive[doc] = 0;
    liveDocs--;
    for (let f = 0; f < 3; f++) lenSum[f] -= len[f][doc];
    for (const t of countsOf(seqOf(doc)).keys()) {
      termDf[t]--;
      deadPostings++;
    }
    acronyms.removeDocument(doc);
    byExt.delete(docExt[doc]);
  }

  /** Renumber live papers densely and rebuild the postings without the dead ones. */
  function compact() {
    const map = new Int32Array(docExt.length).fill(-1);
    const ext: string[] = [];
    const hashes = new Uint32Array(docHash.length);
    const oldArena = arena;
    const oldStart = seqStart.slice();
    const oldEnd = seqEnd.slice();
    arena = new Uint8Array(Math.max(1 << 16, arenaUsed));
    arenaUsed = 0;
    const newLen: Uint16Array[] = [new Uint16Array(alive.length), new Uint16Array(alive.length), new Uint16Array(alive.length)];
    for (let d = 0; d < docExt.length; d++) {
      if (!alive[d]) continue;
      map[d] = ext.length;
      for (let f = 0; f < 3; f++) newLen[f][ext.length] = len[f][d];
      appendBytes(ext.length, oldArena.subarray(oldStart[d], oldEnd[d]));
      ext.push(docExt[d]);
      hashes[ext.length - 1] = docHash[d];
    }
    docExt = ext;
    docHash = hashes;
    len = newLen;
    alive.fill(0);
    alive.fill(1, 0, ext.length);
    byExt.clear();
    ext.forEach((id, i) => byExt.set(id, i));
    acronyms.renumber((d) => map[d]);
    postDocs = termStr.map(() => new Int32Array(2));
    postTfs = termStr.map(() => new Uint16Array(2));
    postN = termStr.map(() => 0);
    totalPostings = 0;
    deadPostings = 0;
    for (let t = 0; t < termDf.length; t++) termDf[t] = 0;
    for (let d = 0; d < ext.length; d++) indexPostings(d, seqOf(d));
    refreshNorms(true);
  }

  function shrinkPostings() {
    for (let t = 0; t < termStr.length; t++) {
      if (postDocs[t].length > postN[t] + 8) {
        postDocs[t] = postDocs[t].slice(0, postN[t]);
        postTfs[t] = postTfs[t].slice(0, postN[t]);
      }
    }
  }

  // ---------------------------------------------------------------- scoring

  function idf(df: number): number {
    return Math.log(1 + (liveDocs - df + 0.5) / (df + 0.5));
  }

  // Per field and paper: field weight / (1 - b + b * length / average length), precomputed so a posting
  // costs a few multiplications; recomputed for all papers only when an average drifts by over 2%.
  function invFor(doc: number) {
    for (let f = 0; f < 3; f++) inv[f][doc] = invAvg[f] > 0 ? W[f] / (1 - B[f] + (B[f] * len[f][doc]) / invAvg[f]) : W[f];
  }
  function refreshNorms(force = false) {
    let drift = force;
    for (let f = 0; f < 3; f++) {
      const avg = liveDocs ? lenSum[f] / liveDocs : 0;
      if (Math.abs(avg - invAvg[f]) > 0.02 * Math.max(avg, invAvg[f])) drift = true;
    }
    if (!drift) return;
    for (let f = 0; f < 3; f++) invAvg[f] = liveDocs ? lenSum[f] / liveDocs : 0;
    for (let d = 0; d < docExt.length; d++) if (alive[d]) invFor(d);
  }

  const lexicon: Lexicon = {
    termId: (t) => termIds.get(t) ?? -1,
    df: (id) => termDf[id] ?? 0,
    size: () => liveDocs,
    composites: (key) => segments.get(key) ?? [],
    extensions: (stem, limit) => termsStartingWith(stem, limit),
    compounds: (joined) => joinedToCompound.get(joined) ?? [],
    display: (id) => displayOf.get(id),
    acronyms,
    vocab,
  };

  // Plain word terms in sorted order for prefix look-ups; new terms wait in a small unsorted tail.
  let sortedTerms: string[] = [];
  let pendingTerms: string[] = [];
  function termsStartingWith(prefix: string, limit: number): number[] {
    if (pendingTerms.length > 2_000) {
      sortedTerms = [...sortedTerms, ...pendingTerms].sort();
      pendingTerms = [];
    }
    const found: number[] = [];
    let lo = 0;
    let hi = sortedTerms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedTerms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sortedTerms.length && sortedTerms[i].startsWith(prefix) && found.length < 200; i++) found.push(termIds.get(sortedTerms[i])!);
    for (const t of pendingTerms) if (t.startsWith(prefix)) found.push(termIds.get(t)!);
    return found
      .filter((id) => termStr[id] !== prefix && termDf[id] > 0)
      .sort((a, b) => termDf[b] - termDf[a] || a - b)
      .slice(0, limit);
  }

  /** Per-field occurrences (in half units) of a phrase as adjacent content words of one paper. */
  function phraseIn(doc: number, terms: number[], counts: number[]): boolean {
    const seq = seqOf(doc);
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

  /** Papers holding the phrase: papers with every term (marked term by term, rarest first), then word order checked. */
  function phraseDocs(terms: number[], each: (doc: number, counts: number[]) => void) {
    const order = [...new Set(terms)].sort((a, b) => postN[a] - postN[b]);
    pgen += order.length + 1;
    const base = pgen - order.length;
    for (let k = 0; k < order.length; k++) {
      const t = order[k];
      const docs = postDocs[t];
      const want = k === 0 ? -1 : base + k - 1;
      for (let i = 0, n = postN[t]; i < n; i++) {
        const doc = docs[i];
        if (k === 0 ? alive[doc] === 1 : pMark[doc] === want) pMark[doc] = base + k;
      }
    }
    const counts = [0, 0, 0];
    const last = base + order.length - 1;
    const docs = postDocs[order[order.length - 1]];
    for (let i = 0, n = postN[order[order.length - 1]]; i < n; i++) {
      const doc = docs[i];
      if (pMark[doc] === last && phraseIn(doc, terms, counts)) each(doc, counts);
    }
  }

  function findPosting(term: number, doc: number): number {
    const docs = postDocs[term];
    let lo = 0;
    let hi = postN[term] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = docs[mid];
      if (d === doc) return mid;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** A concept ready to score: its live alternatives, idf and the most it can add to a paper. */
  interface Prepared {
    terms: number[];
    tw: number[];
    phrases: Array<{ terms: number[]; w: number }>;
    /** weight x idf x (k1 + 1): a paper's score from this concept is below it. */
    c: number;
  }

  /**
   * The concept's document frequency: the sum over its term alternatives (an upper bound of the papers
   * matching any, so its idf is never overstated, and the same however the concept gets scored); a
   * concept that only has phrases counts the papers holding them.
   */
  function prepare(concepts: Concept[]): { prepared: Prepared[]; idfs: number[] } {
    const idfs: number[] = new Array(concepts.length).fill(0);
    const prepared: Prepared[] = [];
    for (let i = 0; i < concepts.length; i++) {
      const concept = concepts[i];
      const terms: number[] = [];
      const tw: number[] = [];
      const phrases: Prepared['phrases'] = [];
      let df = 0;
      for (const a of concept.alts) {
        if (a.kind === 'phrase') phrases.push({ terms: a.terms, w: a.w });
        else if (termDf[a.term] > 0 && !terms.includes(a.term)) {
          terms.push(a.term);
          tw.push(a.w);
          df += termDf[a.term];
        }
      }
      if (df === 0) for (const ph of phrases) phraseDocs(ph.terms, () => df++);
      if (df === 0) continue;
      const cIdf = idf(Math.min(df, liveDocs));
      idfs[i] = cIdf;
      const weight = conceptWeight(concept, cIdf, idfs);
      if (weight <= 0) continue;
      prepared.push({ terms, tw, phrases, c: weight * cIdf * (P.k1 + 1) });
    }
    return { prepared, idfs };
  }

  let nTouched = 0;
  /** The best accumulated score so far: a cheap ceiling on the k-th best, to skip needless heap passes. */
  let accMax = 0;

  /** Score one concept over all papers that have it (creating accumulators). */
  function scoreAll(p: Prepared) {
    const k1 = P.k1;
    const [inv0, inv1, inv2] = inv;
    if (p.terms.length === 1 && p.phrases.length === 0) {
      const t = p.terms[0];
      const w = p.tw[0];
      const c = p.c;
      const docs = postDocs[t];
      const tfs = postTfs[t];
      let max = accMax;
      for (let i = 0, n = postN[t]; i < n; i++) {
        const doc = docs[i];
        if (alive[doc] === 0) continue;
        const pk = tfs[i];
        const x = w * ((pk & T_MASK) * inv0[doc] + ((pk >>> A_SHIFT) & A_MASK) * inv1[doc] + (pk >>> U_SHIFT) * inv2[doc]);
        let v = (c * x) / (k1 + x);
        if (accGen[doc] !== gen) {
          accGen[doc] = gen;
          touched[nTouched++] = doc;
        } else v += acc[doc];
        acc[doc] = v;
        if (v > max) max = v;
      }
      accMax = max;
      return;
    }
    // Several alternatives: per field, the best weighted count among them.
    cgen++;
    let m = 0;
    const [c0, c1, c2] = cf;
    for (let a = 0; a < p.terms.length; a++) {
      const t = p.terms[a];
      const w = p.tw[a];
      const docs = postDocs[t];
      const tfs = postTfs[t];
      for (let i = 0, n = postN[t]; i < n; i++) {
        const doc = docs[i];
        if (alive[doc] === 0) continue;
        const pk = tfs[i];
        const t0 = w * (pk & T_MASK);
        const t1 = w * ((pk >>> A_SHIFT) & A_MASK);
        const t2 = w * (pk >>> U_SHIFT);
        if (cGen[doc] !== cgen) {
          cGen[doc] = cgen;
          c0[doc] = t0;
          c1[doc] = t1;
          c2[doc] = t2;
          cTouched[m++] = doc;
        } else {
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      }
    }
    for (const ph of p.phrases) {
      phraseDocs(ph.terms, (doc, counts) => {
        const t0 = ph.w * counts[0];
        const t1 = ph.w * counts[1];
        const t2 = ph.w * counts[2];
        if (cGen[doc] !== cgen) {
          cGen[doc] = cgen;
          c0[doc] = t0;
          c1[doc] = t1;
          c2[doc] = t2;
          cTouched[m++] = doc;
        } else {
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      });
    }
    let max = accMax;
    for (let i = 0; i < m; i++) {
      const doc = cTouched[i];
      const x = c0[doc] * inv0[doc] + c1[doc] * inv1[doc] + c2[doc] * inv2[doc];
      if (x <= 0) continue;
      const sc = (p.c * x) / (k1 + x);
      let v = sc;
      if (accGen[doc] !== gen) {
        accGen[doc] = gen;
        touched[nTouched++] = doc;
      } else v += acc[doc];
      acc[doc] = v;
      if (v > max) max = v;
    }
    accMax = max;
  }

  /** Score one concept only for the given papers (already accumulated): look-ups instead of scans. */
  function scoreOn(p: Prepared, cand: Int32Array, n: number) {
    const k1 = P.k1;
    const [inv0, inv1, inv2] = inv;
    const [c0, c1, c2] = cf;
    cgen++;
    for (let i = 0; i < n; i++) {
      const doc = cand[i];
      cGen[doc] = cgen;
      c0[doc] = c1[doc] = c2[doc] = 0;
    }
    for (let a = 0; a < p.terms.length; a++) {
      const t = p.terms[a];
      const w = p.tw[a];
      const tfs = postTfs[t];
      if (n * 16 > postN[t]) {
        // Many candidates: one pass over the postings, candidates marked.
        const docs = postDocs[t];
        for (let i = 0, m = postN[t]; i < m; i++) {
          const doc = docs[i];
          if (cGen[doc] !== cgen) continue;
          const pk = tfs[i];
          const t0 = w * (pk & T_MASK);
          const t1 = w * ((pk >>> A_SHIFT) & A_MASK);
          const t2 = w * (pk >>> U_SHIFT);
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const doc = cand[i];
          const at = findPosting(t, doc);
          if (at < 0) continue;
          const pk = tfs[at];
          const t0 = w * (pk & T_MASK);
          const t1 = w * ((pk >>> A_SHIFT) & A_MASK);
          const t2 = w * (pk >>> U_SHIFT);
          if (t0 > c0[doc]) c0[doc] = t0;
          if (t1 > c1[doc]) c1[doc] = t1;
          if (t2 > c2[doc]) c2[doc] = t2;
        }
      }
    }
    const counts = [0, 0, 0];
    for (const ph of p.phrases) {
      for (let i = 0; i < n; i++) {
        const doc = cand[i];
        if (!phraseIn(doc, ph.terms, counts)) continue;
        c0[doc] = Math.max(c0[doc], ph.w * counts[0]);
        c1[doc] = Math.max(c1[doc], ph.w * counts[1]);
        c2[doc] = Math.max(c2[doc], ph.w * counts[2]);
      }
    }
    let max = accMax;
    for (let i = 0; i < n; i++) {
      const doc = cand[i];
      const x = c0[doc] * inv0[doc] + c1[doc] * inv1[doc] + c2[doc] * inv2[doc];
      if (x <= 0) continue;
      const v = acc[doc] + (p.c * x) / (k1 + x);
      acc[doc] = v;
      if (v > max) max = v;
    }
    accMax = max;
  }

  /** The k-th best accumulated score so far (-Infinity with fewer than k papers). */
  function kthBest(k: number): number {
    if (nTouched < k) return -Infinity;
    const heap = new TopK(k);
    for (let i = 0; i < nTouched; i++) {
      const s = acc[touched[i]];
      if (s > heap.min()) heap.push(s, touched[i]);
    }
    return heap.min();
  }

  /**
   * Add the concepts' BM25F scores into the accumulators, rarest (highest bound) first. With `k` set,
   * exact top-k pruning in the spirit of MaxScore (Turtle & Flood 1995): once the bounds of the concepts
   * left sum to less than the current k-th best score, no unseen paper can reach the top k, so the
   * remaining (common) concepts only update the papers that still can, by look-up.
   */
  function scoreConcepts(concepts: Concept[], k: number, fresh = true): number[] {
    if (fresh) {
      gen++;
      nTouched = 0;
      accMax = 0;
    }
    const { prepared, idfs } = prepare(concepts);
    prepared.sort((a, b) => b.c - a.c);
    let remaining = 0;
    for (const p of prepared) remaining += p.c;

    let cand: Int32Array | null = null;
    let nCand = 0;
    let checks = 0;
    for (const p of prepared) {
      // The k-th best is below the best; only pay for computing it when the switch is likely.
      if (k > 0 && !cand && checks < 2 && nTouched >= k && remaining < 0.8 * accMax) {
        checks++;
        const theta = kthBest(k);
        if (remaining < theta) {
          cand = new Int32Array(nTouched);
          for (let i = 0; i < nTouched; i++) {
            const doc = touched[i];
            if (acc[doc] + remaining >= theta) cand[nCand++] = doc;
          }
        }
      }
      remaining -= p.c;
      if (!cand) {
        scoreAll(p);
        continue;
      }
      scoreOn(p, cand, nCand);
      if (nCand > 4 * k) {
        // The k-th best only rises: drop candidates that can no longer reach it.
        const heap = new TopK(k);
        for (let i = 0; i < nCand; i++) if (acc[cand[i]] > heap.min()) heap.push(acc[cand[i]], cand[i]);
        const theta = heap.min();
        let m = 0;
        for (let i = 0; i < nCand; i++) if (acc[cand[i]] + remaining >= theta) cand[m++] = cand[i];
        nCand = m;
      }
    }
    return idfs;
  }

  /** An acronym stands in for a phrase: it is worth acronymWeight x what the phrase's words are worth. */
  function conceptWeight(c: Concept, cIdf: number, idfs: number[]): number {
    if (!c.spanOf) return c.weight;
    const spanIdf = c.spanOf.reduce((s, i) => s + (idfs[i] ?? 0), 0);
    return cIdf > 0 ? (c.weight * P.acronymWeight * spanIdf) / cIdf : 0;
  }

  function markExcluded(terms: number[]): boolean {
    if (terms.length === 0) return false;
    for (const t of terms) {
      const docs = postDocs[t];
      for (let i = 0, n = postN[t]; i < n; i++) exGen[docs[i]] = gen;
    }
    return true;
  }

  function topCandidates(k: number, filter: ((id: string) => boolean) | undefined, excluding: boolean, skip: Set<number>): Array<{ doc: number; score: number }> {
    const heap = new TopK(k);
    for (let i = 0; i < nTouched; i++) {
      const doc = touched[i];
      const s = acc[doc];
      if (s <= heap.min() || s <= 0) continue;
      if (excluding && exGen[doc] === gen) continue;
      if (skip.has(doc)) continue;
      if (filter && !filter(docExt[doc])) continue;
      heap.push(s, doc);
    }
    return heap.sorted();
  }

  /**
   * Pseudo-relevance feedback (RM3-style, Lavrenko & Croft 2001; Abdul-Jaleel et al. 2004): the words
   * that dominate the first few results ("fusion" for "model merging") join the query at a low weight,
   * so papers that say the same thing in other words are found. Terms are picked by their share of
   * the feedback papers times idf, so generic words ("model") are not picked.
   */
  function feedbackConcepts(top: Array<{ doc: number; score: number }>, concepts: Concept[]): Concept[] {
    const inQuery = new Set<number>();
    for (const c of concepts) for (const a of c.alts) for (const t of a.kind === 'term' ? [a.term] : a.terms) inQuery.add(t);
    const total = top.reduce((s, r) => s + r.score, 0);
    if (total <= 0) return [];
    if (fbShare.length < termStr.length) {
      fbShare = growFloat64(fbShare, termStr.length);
      fbStamp = growUint32(fbStamp, termStr.length);
    }
    fbGen++;
    const seen: number[] = [];
    for (const r of top) {
      const seq = seqOf(r.doc);
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
      if (inQuery.has(t) || df < 2 || df > liveDocs * P.feedbackMaxDf || !/^\p{L}+$/u.test(termStr[t])) continue;
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
  let fbShare: Float64Array = new Float64Array(1024);
  let fbStamp: Uint32Array = new Uint32Array(1024);
  let fbGen = 0;

  /** Query concept (+1) of each term during proximity scoring; 0 elsewhere. */
  let termQ: Int32Array = new Int32Array(1024);

  function proximityBonus(doc: number, literal: Array<{ idf: number }>): number {
    if (literal.length < 2) return 0;
    const seq = seqOf(doc);
    const win = P.proximityWindow;
    const pairs = literal.length - 1;
    const accs = new Float64Array(pairs);
    const last = new Float64Array(literal.length).fill(-1e9);
    let field = 0;
    let pos = 0;
    for (let j = 0; j < seq.length; j++) {
      const t = seq[j];
      if (t === SEP) {
        field++;
        if (field === AUTHORS) break;
        last.fill(-1e9);
        pos = 0;
        continue;
      }
      if (t < -1) continue;
      const q = termQ[t & ID] - 1;
      if (q >= 0) {
        const fw = FW[field];
        if (q > 0) {
          const d = pos - last[q - 1];
          if (d >= 1 && d <= win) accs[q - 1] += fw / (d * d);
        }
        if (q < pairs) {
          const d = pos - last[q + 1];
          if (d >= 1 && d <= win) accs[q] += (0.5 * fw) / (d * d);
        }
        last[q] = pos;
      }
      pos++;
    }
    let bonus = 0;
    for (let q = 0; q < pairs; q++) {
      const a = accs[q];
      if (a > 0) bonus += (Math.min(literal[q].idf, literal[q + 1].idf) * a * (P.k1 + 1)) / (P.k1 + a);
    }
    return P.proximityWeight * bonus;
  }

  /** A paper's title+abstract term counts as sorted ids and values, with its norm, for cosine. */
  function vector(doc: number): { ids: Int32Array; vals: Float32Array; norm: number } {
    const seq = seqOf(doc);
    const raw: number[] = [];
    for (let j = 0, field = 0; j < seq.length; j++) {
      const t = seq[j];
      if (t === SEP) {
        if (++field === AUTHORS) break;
        continue;
      }
      if (t >= 0) raw.push(t & ID);
    }
    const sorted = Int32Array.from(raw).sort();
    const ids: number[] = [];
    const vals: number[] = [];
    let norm = 0;
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      ids.push(sorted[i]);
      vals.push(j - i);
      norm += (j - i) * (j - i);
      i = j;
    }
    return { ids: Int32Array.from(ids), vals: Float32Array.from(vals), norm: Math.sqrt(norm) };
  }

  function cosine(a: ReturnType<typeof vector>, b: ReturnType<typeof vector>): number {
    if (!a.norm || !b.norm) return 0;
    let dot = 0;
    for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length; ) {
      if (a.ids[i] === b.ids[j]) dot += a.vals[i++] * b.vals[j++];
      else if (a.ids[i] < b.ids[j]) i++;
      else j++;
    }
    return dot / (a.norm * b.norm);
  }

  /** Texts at the duplicate threshold have abstracts within a fifth of each other's length. */
  function similarLength(a: number, b: number): boolean {
    const x = len[ABSTRACT][a];
    const y = len[ABSTRACT][b];
    return Math.abs(x - y) <= 0.2 * Math.max(x, y, 5);
  }

  function titleKey(doc: number): string {
    const seq = seqOf(doc);
    const out: number[] = [];
    for (let j = 0; j < seq.length && seq[j] !== SEP; j++) if (seq[j] >= 0) out.push(seq[j] & ID);
    return out.join(',');
  }

  /**
   * Walk the ranking, dropping papers whose text is (nearly) one already kept. Near-identical texts get
   * near-identical scores, so only papers within 25% of a kept one's score are compared.
   */
  function dropDuplicates(ranked: Array<{ doc: number; score: number }>, limit: number, against: number[] = []): Array<{ doc: number; score: number }> {
    const kept: Array<{ doc: number; score: number; title: string; vec?: ReturnType<typeof vector> }> = against.map((d) => ({ doc: d, score: NaN, title: titleKey(d) }));
    const out: Array<{ doc: number; score: number }> = [];
    for (const r of ranked) {
      if (out.length >= limit) break;
      const title = titleKey(r.doc);
      let dup = false;
      let vec: ReturnType<typeof vector> | undefined;
      for (const k of kept) {
        if (title !== '' && k.title === title) dup = true;
        else if ((Number.isNaN(k.score) || Math.abs(k.score - r.score) <= 0.25 * Math.max(k.score, r.score)) && similarLength(k.doc, r.doc)) {
          vec ??= vector(r.doc);
          k.vec ??= vector(k.doc);
          dup = cosine(k.vec, vec) >= P.duplicateCosine;
        }
        if (dup) break;
      }
      if (dup) continue;
      out.push(r);
      kept.push({ doc: r.doc, score: r.score, title, vec });
    }
    return out;
  }

  function fieldsWith(terms: number[], phrase: boolean, doc: number): MatchField[] {
    const seq = seqOf(doc);
    const found = [false, false, false];
    let field = 0;
    let k = 0;
    for (let j = 0; j < seq.length; j++) {
      let t = seq[j];
      if (t === SEP) {
        field++;
        k = 0;
        continue;
      }
      if (t < -1) {
        if (phrase) continue;
        t = -t - 2;
      } else t &= ID;
      if (!phrase) {
        if (t === terms[0]) found[field] = true;
        continue;
      }
      if (t === terms[k]) {
        if (++k === terms.length) {
          found[field] = true;
          k = 0;
        }
      } else k = t === terms[0] ? 1 : 0;
    }
    return FIELD_NAMES.filter((_, f) => found[f]);
  }

  function explain(doc: number, concepts: Concept[]): Match[] {
    const out: Match[] = [];
    for (const c of concepts) {
      for (const a of c.alts as Alt[]) {
        if (a.kind === 'term' && findPosting(a.term, doc) < 0) continue;
        const fields = a.kind === 'term' ? fieldsWith([a.term], false, doc) : fieldsWith(a.terms, true, doc);
        if (fields.length === 0) continue;
        out.push({ query: c.label, form: a.form, via: a.via, fields });
        // One explanation per concept: its best alternative present (alternatives are listed best first).
        break;
      }
    }
    return out;
  }

  function toHits(ranked: Array<{ doc: number; score: number }>, concepts: Concept[]): SearchHit[] {
    return ranked.map((r) => {
      const matches = explain(r.doc, concepts);
      return { id: docExt[r.doc], score: r.score, matched: [...new Set(matches.map((m) => m.form))], matches };
    });
  }

  function suggestionsFor(words: string[]): string[] {
    const out = new Set<string>();
    for (const w of words) {
      for (const n of lexicon.vocab.near(w, Math.min(3, Math.max(1, Math.floor(w.length / 3))), 1).slice(0, 2)) out.add(n.word);
    }
    if (out.size === 0) for (const a of acronyms.top(3)) out.add(a.short);
    return [...out].slice(0, 3);
  }

  const index: Bm25fIndex = {
    add(docs) {
      for (const d of docs) if (d && typeof d.id === 'string' && d.id) addOne(d);
      if (deadPostings > 50_000 && deadPostings > totalPostings / 3) compact();
      else if (docs.length >= 10_000) shrinkPostings();
    },
    remove(id) {
      const doc = byExt.get(id);
      if (doc !== undefined) removeDoc(doc);
    },
    size: () => liveDocs,
    has: (id) => byExt.has(id),
    search(query, options: SearchOptions = {}) {
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
      if (plan.concepts.length === 0 || liveDocs === 0) return base;
      refreshNorms();
      const k = Math.max(P.candidates, limit * 2);
      // A filter or an exclusion can drop top papers after scoring, so the top-k bound would not hold.
      const prune = options.filter || plan.exclude.length ? 0 : k;
      const idfs = scoreConcepts(plan.concepts, prune);
      const excluding = markExcluded(plan.exclude);
      const literal = plan.concepts
        .map((c, i) => ({ c, idf: idfs[i] }))
        .filter((x) => x.c.literal && x.idf > 0)
        .map((x) => ({ terms: x.c.alts.flatMap((a) => (a.kind === 'term' ? [a.term] : [])), idf: x.idf }));
      const conceptOf = new Map<number, number>();
      literal.forEach((l, q) => l.terms.forEach((t) => conceptOf.has(t) || conceptOf.set(t, q)));
      const bonus = new Map<number, number>();
      const rank = () => {
        const pool = topCandidates(k, options.filter, excluding, new Set());
        if (literal.length >= 2) {
          for (const [t, q] of conceptOf) termQ[t] = q + 1;
          for (const r of pool) {
            let b = bonus.get(r.doc);
            if (b === undefined) bonus.set(r.doc, (b = proximityBonus(r.doc, literal)));
            r.score += b;
          }
          for (const t of conceptOf.keys()) termQ[t] = 0;
          pool.sort((a, b) => b.score - a.score || a.doc - b.doc);
        }
        return pool;
      };
      let pool = rank();
      if (P.feedbackWeight > 0 && pool.length > P.feedbackDocs) {
        const more = feedbackConcepts(pool.slice(0, P.feedbackDocs), plan.concepts);
        if (more.length) {
          scoreConcepts(more, prune, false);
          pool = rank();
        }
      }
      const ranked = dropDuplicates(pool, limit);
      const hits = toHits(ranked, plan.concepts);
      if (hits.length === 0) {
        const unknown = plan.concepts.map((c) => c.label).filter((l) => /^\p{L}+$/u.test(l));
        return { ...base, hits, suggestions: suggestionsFor(unknown) };
      }
      return { ...base, hits };
    },
    similar(id, options: SearchOptions = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? 10, 1000));
      const doc = byExt.get(id);
      if (doc === undefined) return { hits: [] };
      // More-like-this: the paper's most telling terms (tf-idf, title counted as in BM25F) as a weighted query.
      const counts = countsOf(seqOf(doc));
      const weighted: Array<{ t: number; w: number }> = [];
      for (const [t, p] of counts) {
        if (termDf[t] < 2 || termStr[t].includes('-')) continue;
        const tf = W[0] * (p & T_MASK) + W[1] * ((p >>> A_SHIFT) & A_MASK);
        if (tf > 0) weighted.push({ t, w: tf * idf(termDf[t]) });
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
      refreshNorms();
      const k = Math.max(P.candidates, limit * 2);
      scoreConcepts(concepts, options.filter ? 0 : k + 1);
      const pool = topCandidates(k, options.filter, false, new Set([doc]));
      const ranked = dropDuplicates(pool, limit, [doc]);
      return { hits: toHits(ranked, concepts) };
    },
    stats: () => ({ papers: liveDocs, terms: termStr.length, postings: totalPostings - deadPostings, deadPostings, acronyms: acronyms.size(), words: vocab.size() }),
    acronyms: (n) => acronyms.top(n),
  };
  return index;
}
