import { stem } from 'porter2';
import { STOP_WORDS } from './stop-words.js';

/** One analyzed token. Content tokens (kind 'word') take consecutive positions; stop words take none. */
export interface Token {
  /** The index key: the Porter2 stem, or for a hyphenated word the stems joined by "-". */
  term: string;
  /** Lower-case surface form, plural of an acronym removed ("loras" -> "lora"). */
  surface: string;
  /** As written, plural of an acronym removed ("LoRAs" -> "LoRA"); used to find composite names. */
  original: string;
  /** Position among content words, for phrase and proximity matching. */
  pos: number;
  /**
   * 'compound' is the whole hyphenated word ("low-rank"); it shares the position of its first part and
   * carries `joined`, its key written without hyphens ("lowrank"), so "multitask" finds "multi-task".
   */
  kind: 'word' | 'compound';
  joined?: string;
  /** A part of a hyphenated word ("context" in "context-free"): weaker evidence than the word alone. */
  part?: boolean;
}

/** Unicode compatibility forms folded (full-width, ligatures) and Latin accents dropped: "naïve" = "naive". */
export function normalizeText(text: string): string {
  // Plain ASCII is already in every normal form: skip three passes over most abstracts.
  if (ASCII.test(text)) return text;
  return text.normalize('NFKC').normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}
const ASCII = /^[\x00-\x7f]*$/;

// A word: letters and digits, "1.58"-style decimals kept, parts joined by ASCII or Unicode hyphens.
const PART = String.raw`[\p{L}\p{N}]+(?:(?<=\p{N})\.\p{N}+)*`;
const WORD = new RegExp(`${PART}(?:[-\u2010\u2011\u2012\u2013](?:${PART}))*`, 'gu');
const DASH = /[-\u2010\u2011\u2012\u2013]/u;
const HAS_DASH = /[-\u2010\u2011\u2012\u2013]/;
const MAX_COMPOUND_PARTS = 4;
const MAX_WORD_CHARS = 40;

const UPPER = /\p{Lu}/u;

/** "LoRAs", "LLMs", "dLLMs": an acronym in the plural. Ordinary words are left to the stemmer. */
function dropAcronymPlural(word: string): string {
  if (word.length < 3 || word.charCodeAt(word.length - 1) !== 115 || !UPPER.test(word[word.length - 2])) return word;
  let upper = 0;
  for (const ch of word) if (UPPER.test(ch)) upper++;
  return upper >= 2 ? word.slice(0, -1) : word;
}

/** Key of one lower-case word: its Porter2 stem. Numbers and mixed tokens stem harmlessly. */
export function termOf(lower: string): string {
  if (lower.length <= 2) return lower;
  let t = stems.get(lower);
  if (t === undefined) {
    // A library's vocabulary is bounded in practice; the cap only guards against pathological input.
    if (stems.size > 500_000) stems.clear();
    t = stem(lower);
    stems.set(lower, t);
  }
  return t;
}
const stems = new Map<string, string>();

function keep(lower: string): boolean {
  // Single letters carry nothing ("a", "s" from "'s"); single digits do ("1-bit", "3").
  if (lower.length === 1) return lower >= '0' && lower <= '9';
  return !STOP_WORDS.has(lower);
}

/** Text ready for word matching: normal forms folded, possessive "'s" and apostrophes dropped. */
export function cleanText(text: string): string {
  let clean = normalizeText(text);
  if (clean.includes("'") || clean.includes('\u2019')) clean = clean.replace(/['\u2019]s\b/g, '').replace(/['\u2019]/g, '');
  return clean;
}

/** Each word of clean text as written: letters and digits, hyphenated parts kept together. */
export function forEachWord(clean: string, each: (raw: string) => void): void {
  scanWords(clean, (start, end) => each(clean.slice(start, end)));
}

/**
 * The same words as offsets into the text, with an FNV-1a hash of each, so an index can look a word up
 * in its own table without cutting a substring for every occurrence.
 */
export function scanWords(clean: string, each: (start: number, end: number, hash: number) => void): void {
  if (!ASCII.test(clean)) {
    for (const m of clean.matchAll(WORD)) each(m.index, m.index + m[0].length, hashRange(clean, m.index, m.index + m[0].length));
    return;
  }
  // The same rule as WORD, by hand for ASCII text (most abstracts): no match objects, ~3x faster.
  const n = clean.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isAlnum(clean.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    for (;;) {
      while (i < n && isAlnum(clean.charCodeAt(i))) i++;
      // "1.58": a dot between digits stays inside the word.
      while (i + 1 < n && clean.charCodeAt(i) === 46 && isDigit(clean.charCodeAt(i - 1)) && isDigit(clean.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(clean.charCodeAt(i))) i++;
      }
      // "low-rank": a hyphen followed by a letter or digit joins the next part.
      if (i + 1 < n && clean.charCodeAt(i) === 45 && isAlnum(clean.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      break;
    }
    each(start, i, hashRange(clean, start, i));
  }
}

export function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * The tokens of one word as written ("Low-Rank" -> low-rank, low, rank), positions counted from 0.
 * A word's tokens do not depend on its neighbours, so the index memoizes this per distinct word.
 */
export function analyzeWord(word: string, startPos = 0): Token[] {
  const out: Token[] = [];
  const raw = word.length > MAX_WORD_CHARS * 3 ? word.slice(0, MAX_WORD_CHARS * 3) : word;
  const parts = HAS_DASH.test(raw) ? raw.split(DASH).filter(Boolean).map((p) => p.slice(0, MAX_WORD_CHARS)) : [raw.slice(0, MAX_WORD_CHARS)];
  const compound = parts.length > 1 && parts.length <= MAX_COMPOUND_PARTS;
  let pos = startPos;
  if (compound) {
    const lowers = parts.map((p) => dropAcronymPlural(p).toLowerCase());
    out.push({
      term: lowers.map(termOf).join('-'),
      surface: lowers.join('-'),
      original: parts.map(dropAcronymPlural).join('-'),
      pos,
      kind: 'compound',
      joined: termOf(lowers.join('')),
    });
  }
  for (const p of parts) {
    const original = dropAcronymPlural(p);
    const lower = original.toLowerCase();
    if (!keep(lower)) continue;
    out.push({ term: termOf(lower), surface: lower, original, pos: pos++, kind: 'word', ...(compound ? { part: true } : {}) });
  }
  return out;
}

/**
 * Text -> tokens: normalized, lower-cased, split into words; a hyphenated word is kept whole and split
 * ("low-rank" -> low-rank, low, rank); stop words dropped; English words stemmed (Porter2).
 */
export function analyze(text: string): Token[] {
  const out: Token[] = [];
  if (!text) return out;
  let pos = 0;
  forEachWord(cleanText(text), (raw) => {
    for (const t of analyzeWord(raw, pos)) {
      out.push(t);
      if (t.kind === 'word') pos = t.pos + 1;
    }
  });
  return out;
}

/** Just the index keys, in order: handy for tests and for callers that need no positions. */
export function analyzeTerms(text: string): string[] {
  return analyze(text).map((t) => t.term);
}
