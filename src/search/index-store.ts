/**
 * The papers held by the index and everything built from their text: term postings, paper streams,
 * term forms, acronym definitions, the spelling vocabulary and field norms. Adding a paper skips it if
 * its text is unchanged (a hash), so popularity refreshes cost nothing; removal marks a paper dead, and
 * dead postings are purged (papers renumbered) once they pass a third of all postings.
 */
import { createAcronymDictionary, type AcronymDictionary } from './acronyms.js';
import { cleanText, scanWords } from './analyzer.js';
import { createFieldNorms, type FieldLengths, type FieldNorms } from './field-norms.js';
import { SEP } from './index-layout.js';
import { PaperStreams } from './paper-streams.js';
import type { RankingParams } from './params.js';
import { createPostings, type Postings } from './postings.js';
import { createPrefixLookup, type PrefixLookup } from './prefix-lookup.js';
import type { SearchDoc } from './search-index.js';
import { createTermForms, type TermForms } from './term-forms.js';
import { growInt32, growUint16, growUint32, growUint8 } from './typed-arrays.js';
import { createVocabulary, type Vocabulary } from './typos.js';
import { createWrittenWords } from './written-words.js';

export interface IndexStore extends FieldLengths {
  readonly postings: Postings;
  readonly streams: PaperStreams;
  readonly forms: TermForms;
  readonly prefixes: PrefixLookup;
  readonly acronyms: AcronymDictionary;
  readonly vocab: Vocabulary;
  readonly norms: FieldNorms;
  /** Paper id -> paper number. */
  readonly byExt: Map<string, number>;
  /** Paper number -> paper id (dead papers too, until compaction). */
  docExt: string[];
  /** 1 for a live paper, 0 for a removed one. */
  alive: Uint8Array;
  /** Per field (title, abstract, authors), per paper: its length in words. */
  len: Uint16Array[];
  readonly lenSum: number[];
  liveDocs: number;
  /** Add or replace papers (an unchanged one is skipped). */
  add(docs: SearchDoc[]): void;
  remove(id: string): void;
  /** Bring field norms up to date with the average lengths before scoring. */
  refreshNorms(): void;
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

export function createIndexStore(P: RankingParams): IndexStore {
  const postings = createPostings(Math.round(2 * P.compoundPartWeight));
  const forms = createTermForms();
  const prefixes = createPrefixLookup(postings);
  const vocab = createVocabulary((term) => postings.termDf[term] ?? 0);
  const words = createWrittenWords(postings, forms, prefixes, vocab);
  const streams = new PaperStreams();
  const norms = createFieldNorms(P);
  let docHash: Uint32Array = new Uint32Array(1024);
  let streamBuf: Int32Array = new Int32Array(4096);

  const s: IndexStore = {
    postings,
    streams,
    forms,
    prefixes,
    acronyms: createAcronymDictionary(),
    vocab,
    norms,
    byExt: new Map<string, number>(),
    docExt: [],
    alive: new Uint8Array(1024),
    len: [new Uint16Array(1024), new Uint16Array(1024), new Uint16Array(1024)],
    lenSum: [0, 0, 0],
    liveDocs: 0,
    add(docs) {
      for (const d of docs) if (d && typeof d.id === 'string' && d.id) addOne(d);
      if (postings.deadPostings > 50_000 && postings.deadPostings > postings.totalPostings / 3) compact();
      else if (docs.length >= 10_000) postings.shrinkPostings();
    },
    remove(id) {
      const doc = s.byExt.get(id);
      if (doc !== undefined) removeDoc(doc);
    },
    refreshNorms: () => norms.refresh(s),
  };

  function ensureDocCapacity(need: number) {
    s.alive = growUint8(s.alive, need);
    s.len = s.len.map((a) => growUint16(a, need));
    norms.ensureCapacity(need);
    streams.ensureCapacity(need);
    docHash = growUint32(docHash, need);
  }

  function addOne(d: SearchDoc) {
    const hash = textHash(d);
    const old = s.byExt.get(d.id);
    if (old !== undefined) {
      if (docHash[old] === hash) return;
      removeDoc(old);
    }
    const doc = s.docExt.length;
    ensureDocCapacity(doc + 1);
    let n = 0;
    const lengths = [0, 0, 0];
    const fields = [d.title ?? '', d.abstract ?? '', (d.authors ?? []).join(' ; ')];
    for (let f = 0; f < 3; f++) {
      if (f > 0) streamBuf[n++] = SEP;
      const text = cleanText(fields[f]);
      scanWords(text, (start, end, hash) => {
        const e = words.entryAt(text, start, end, hash);
        if (n + e.seq.length >= streamBuf.length) streamBuf = growInt32(streamBuf, (n + e.seq.length) * 2);
        streamBuf.set(e.seq, n);
        n += e.seq.length;
        lengths[f] += e.words;
        for (const u of e.uses) u.uses++;
      });
    }
    s.docExt.push(d.id);
    const stream = streamBuf.subarray(0, n);
    streams.append(doc, stream);
    docHash[doc] = hash;
    s.alive[doc] = 1;
    const len = s.len;
    for (let f = 0; f < 3; f++) {
      len[f][doc] = Math.min(lengths[f], 65_535);
      s.lenSum[f] += len[f][doc];
    }
    s.liveDocs++;
    norms.update(doc, len);
    s.byExt.set(d.id, doc);
    postings.indexPostings(doc, stream);
    s.acronyms.addDocument(doc, `${d.title ?? ''}. ${d.abstract ?? ''}`);
  }

  function removeDoc(doc: number) {
    if (!s.alive[doc]) return;
    s.alive[doc] = 0;
    s.liveDocs--;
    for (let f = 0; f < 3; f++) s.lenSum[f] -= s.len[f][doc];
    for (const t of postings.countsOf(streams.seqOf(doc)).keys()) {
      postings.termDf[t]--;
      postings.deadPostings++;
    }
    s.acronyms.removeDocument(doc);
    s.byExt.delete(s.docExt[doc]);
  }

  /** Renumber live papers densely and rebuild the postings without the dead ones. */
  function compact() {
    const { docExt, alive, len } = s;
    const map = new Int32Array(docExt.length).fill(-1);
    const ext: string[] = [];
    const hashes = new Uint32Array(docHash.length);
    const newLen: Uint16Array[] = [new Uint16Array(alive.length), new Uint16Array(alive.length), new Uint16Array(alive.length)];
    for (let d = 0; d < docExt.length; d++) {
      if (!alive[d]) continue;
      map[d] = ext.length;
      for (let f = 0; f < 3; f++) newLen[f][ext.length] = len[f][d];
      ext.push(docExt[d]);
      hashes[ext.length - 1] = docHash[d];
    }
    streams.compact(map);
    s.docExt = ext;
    docHash = hashes;
    s.len = newLen;
    alive.fill(0);
    alive.fill(1, 0, ext.length);
    s.byExt.clear();
    ext.forEach((id, i) => s.byExt.set(id, i));
    s.acronyms.renumber((d) => map[d]);
    postings.clearPostings();
    for (let d = 0; d < ext.length; d++) postings.indexPostings(d, streams.seqOf(d));
    norms.refresh(s, true);
  }

  return s;
}
