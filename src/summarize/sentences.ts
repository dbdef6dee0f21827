// Sentence splitting for abstracts. Hand-written: the npm splitters are tuned for news prose and
// split on "et al." and "Fig." or need a model; abstracts need a few academic abbreviations.

// Words that end with a period without ending the sentence (lower-cased, without the period).
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'et al', 'al', 'cf', 'vs', 'etc', 'fig', 'figs', 'eq', 'eqs', 'sec', 'secs', 'tab', 'ref', 'refs',
  'no', 'nos', 'vol', 'approx', 'resp', 'w.r.t', 'wrt', 'dr', 'mr', 'ms', 'prof', 'st', 'inc', 'ltd', 'co', 'corp',
  'avg', 'std', 'est', 'viz', 'ca', 'ch', 'pp', 'ed', 'eds', 'jr', 'sr', 'u.s', 'e.t.c', 'a.k.a', 'aka', 'incl', 'esp', 'ie', 'eg',
]);

// A candidate end: terminal punctuation, optional closing quotes/brackets, whitespace, then a
// sentence-like start (capital, digit, quote or bracket). Lower-case starts never begin a sentence here.
const BOUNDARY = /([.!?]+)(["'\u201d\u2019)\]]*)\s+(?=["'\u201c\u2018([]?[A-Z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF])/g;
// CJK full stops end a sentence without a following space.
const CJK_BOUNDARY = /([\u3002\uff01\uff1f])/g;

function lastWord(text: string, end: number): string {
  let i = end;
  while (i > 0 && !/\s/.test(text[i - 1])) i--;
  return text.slice(i, end).replace(/^[("'\[]+/, '').toLowerCase();
}

function isAbbreviationEnd(text: string, dot: number): boolean {
  const word = lastWord(text, dot);
  if (ABBREVIATIONS.has(word)) {
    // "etc." closes a sentence as often as not; trust a following capital there.
    return word !== 'etc';
  }
  if (word === 'al' || word.endsWith('.al')) return true;
  // "J. Smith", "U.S.", "e.g.," style dotted initials
  if (/^[a-z]$/i.test(word) && /[A-Z]/.test(text[dot - 1])) return true;
  if (/^(?:[a-z]\.)+[a-z]$/i.test(word)) return true;
  return false;
}

/** The sentences of a cleaned, single-line text, trimmed, in order. */
export function splitSentences(text: string): string[] {
  const s = text.trim();
  if (!s) return [];
  const out: string[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(s); m; m = BOUNDARY.exec(s)) {
    const dot = m.index;
    if (m[1] === '.' && isAbbreviationEnd(s, dot)) continue;
    const end = dot + m[1].length + m[2].length;
    const sentence = s.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = m.index + m[0].length;
  }
  const rest = s.slice(start).trim();
  if (rest) out.push(rest);
  if (!/[\u3002\uff01\uff1f]/.test(s)) return out;
  return out.flatMap((x) => x.split(CJK_BOUNDARY).reduce<string[]>((acc, part, i) => {
    if (i % 2 === 1) acc[acc.length - 1] += part;
    else if (part.trim()) acc.push(part.trim());
    return acc;
  }, []));
}
