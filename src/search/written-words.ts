/**
 * What each distinct written word adds to a paper's stream, memoized: analysis ignores context, and a
 * library repeats the same few thousand words, so indexing mostly looks words up instead of analyzing
 * them. The memo is an open-addressing table keyed by the scanner's hash and checked against the text in
 * place, so most occurrences are found without cutting a substring.
 */
import { analyzeWord } from './analyzer.js';
import { PART } from './index-layout.js';
import type { Postings } from './postings.js';
import type { PrefixLookup } from './prefix-lookup.js';
import type { TermForms } from './term-forms.js';
import type { Vocabulary } from './typos.js';

/** What one distinct written word adds to a paper's stream. */
export interface WordEntry {
  raw: string;
  hash: number;
  seq: Int32Array;
  words: number;
  /** Vocabulary records of its words, whose use counts rank spelling corrections. */
  uses: Array<{ uses: number }>;
}

export interface WrittenWords {
  /** The entry of the word text[start, end) whose scanner hash is `hash`. */
  entryAt(text: string, start: number, end: number, hash: number): WordEntry;
}

const WORD_CACHE_MAX = 300_000;

export function createWrittenWords(postings: Postings, forms: TermForms, prefixes: PrefixLookup, vocab: Vocabulary): WrittenWords {
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
      const before = postings.termStr.length;
      const id = postings.termOrNew(tok.term);
      if (id === before) {
        forms.noteSurface(id, tok.surface);
        prefixes.add(tok.term);
      }
      if (tok.kind === 'compound') {
        seq.push(-id - 2);
        if (tok.joined) forms.noteCompound(tok.joined, id, tok.surface);
        continue;
      }
      seq.push(tok.part ? id | PART : id);
      words++;
      forms.noteName(tok, id);
      uses.push(vocab.note(tok.surface, id));
    }
    return { raw, hash, seq: Int32Array.from(seq), words, uses };
  }

  return { entryAt };
}
