// Content words for comparing sentences with each other and with the title.
import { stem as porter2 } from 'porter2';

// Function words and the boilerplate of abstracts: they say nothing about what a paper is about.
const STOPWORDS = new Set(
  `a about above across after again against all also although am among an and any are as at be because been before being
  below between both but by can could did do does doing done down during each either else even every few for from further
  had has have having he her here hers him his how however i if in into is it its itself just less let may might more most
  much must my neither no nor not now of off often on once one only or other our ours out over own per rather same she should
  since so some such than that the their them then there these they this those though through thus to too under until up upon
  us very via was we well were what when where whether which while who whom whose why will with within without would yet you
  your paper work approach method methods propose proposed proposes present presents introduce introduces show shows
  shown demonstrate demonstrates novel new results result based using use used uses study studies existing several various
  many different first second two three specifically particular furthermore moreover finally additionally however`.split(/\s+/),
);

const stemCache = new Map<string, string>();

export function stemWord(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = word.length <= 3 ? word : porter2(word);
    // Bounded: a long-running bot sees an open vocabulary.
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

// Anything but letters and digits separates words ("graph-to-sequence" is three words).
const SEPARATOR = /[^\p{L}\p{N}]+/u;
const ASCII_SEPARATOR = /[^a-z0-9]+/;
const DIGITS = /^\d+$/;

/** Stemmed, lower-cased content words of a text, in order, repeats kept. */
export function contentWords(text: string): string[] {
  const lower = text.toLowerCase();
  // Plain ASCII is the common case and splits several times faster without Unicode classes.
  // eslint-disable-next-line no-control-regex
  const parts = lower.split(/^[\x00-\x7f]*$/.test(lower) ? ASCII_SEPARATOR : SEPARATOR);
  const out: string[] = [];
  for (const part of parts) {
    if (part.length < 2 || STOPWORDS.has(part) || DIGITS.test(part)) continue;
    out.push(stemWord(part));
  }
  return out;
}

/** Number of whitespace-separated words (a character loop: this runs for every sentence). */
export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 160;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
