import { analyze } from './analyzer.js';

/** One definition found in a text: "Low-Rank Adaptation (LoRA)". */
export interface AcronymPair {
  short: string;
  long: string;
}

const LETTER = /\p{L}/u;
const ALNUM = /[\p{L}\p{N}]/u;
const UPPER = /\p{Lu}/u;

/**
 * Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in biomedical
 * text": the short form is in parentheses, the long form is matched right to left in the words before
 * it (every letter or digit of the short form, in order, the first one at a word start). Hand-written:
 * the npm ports we know of are unmaintained or pull in a whole NLP toolkit, and the method is ~60 lines.
 */
export function findAcronyms(text: string): AcronymPair[] {
  const pairs: AcronymPair[] = [];
  if (!text || text.length > 200_000) return pairs;
  let open = text.indexOf(' (');
  while (open > -1) {
    open += 1;
    const close = text.indexOf(')', open);
    if (close < 0) break;
    // The long form is searched for in the clause before the parenthesis.
    const clauseStart = Math.max(text.lastIndexOf('. ', open), text.lastIndexOf(', ', open), text.lastIndexOf('; ', open), text.lastIndexOf(')', open - 1));
    let longCandidate = text.slice(clauseStart < 0 ? 0 : clauseStart + 2, open).trim();
    let shortCandidate = text.slice(open + 1, close).trim();
    const cut = shortCandidate.search(/[,;] /);
    if (cut > -1) shortCandidate = shortCandidate.slice(0, cut);
    if (!shortCandidate.includes('(') && shortCandidate.length > 1 && longCandidate.length > 1) {
      // "(low-rank adaptation)" after "LoRA": the short form comes first.
      if (shortCandidate.split(/\s+/).length > 2 || shortCandidate.length > longCandidate.length) {
        const words = longCandidate.split(/\s+/);
        const last = words[words.length - 1] ?? '';
        longCandidate = shortCandidate;
        shortCandidate = last;
      }
      const pair = matchPair(shortCandidate, longCandidate);
      if (pair) pairs.push(pair);
    }
    open = text.indexOf(' (', close);
  }
  return pairs;
}

function validShort(s: string): boolean {
  if (s.length < 2 || s.length > 10 || /\s/.test(s)) return false;
  if (!ALNUM.test(s[0]) || !LETTER.test(s) || !UPPER.test(s)) return false;
  // "(i.e.", "(e.g.", "(2023)", "(Fig" are not acronyms.
  return !/^(?:e\.?g|i\.?e|fig|eq|sec|cf|vs|et)\b/i.test(s);
}

function bestLongForm(short: string, long: string): string | null {
  let l = long.length - 1;
  for (let s = short.length - 1; s >= 0; s--) {
    const c = short[s].toLowerCase();
    if (!ALNUM.test(c)) continue;
    while ((l >= 0 && long[l].toLowerCase() !== c) || (s === 0 && l > 0 && ALNUM.test(long[l - 1]))) l--;
    if (l < 0) return null;
    l--;
  }
  return long.slice(long.lastIndexOf(' ', l) + 1);
}

function matchPair(shortRaw: string, longRaw: string): AcronymPair | null {
  const short = shortRaw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (!validShort(short)) return null;
  const long = bestLongForm(short, longRaw);
  if (!long) return null;
  const words = long.split(/[\s-]+/).filter(Boolean).length;
  const chars = short.length;
  if (long.length < short.length || words < 2) return null;
  if (long.includes(`${short} `) || long.endsWith(short)) return null;
  if (words > Math.min(chars + 5, chars * 2)) return null;
  return { short, long: long.trim() };
}

/** A long form as the index sees it: its content-word keys in order. */
export interface LongForm {
  key: string;
  terms: string[];
  display: string;
  count: number;
}

/** The acronym whose long form a query phrase spells out. */
export interface ShortForm {
  term: string;
  display: string;
  count: number;
}

interface Definition {
  shortTerm: string;
  longKey: string;
}

/** A definition as a small number: papers share the same few hundred definitions. */
type DefinitionId = number;

/**
 * Definitions mined from the library, counted by how many papers give them, kept current as papers
 * are added, replaced or removed. Lookups go both ways: acronym -> long forms, long form -> acronyms.
 */
export interface AcronymDictionary {
  addDocument(doc: number, text: string): void;
  removeDocument(doc: number): void;
  renumber(map: (doc: number) => number): void;
  longForms(shortTerm: string): LongForm[];
  shortForms(longKey: string): ShortForm[];
  /** The longest phrase length (in content words) of any long form, to bound query scanning. */
  maxLongTerms(): number;
  size(): number;
  top(n: number): Array<{ short: string; long: string; count: number }>;
}

/** Keep alternatives given by at least this share of the most common definition (drops one-off noise). */
const MIN_SHARE = 0.25;

export function createAcronymDictionary(): AcronymDictionary {
  const byShort = new Map<string, Map<string, LongForm & { shortDisplay: string }>>();
  const byLong = new Map<string, Map<string, ShortForm>>();
  // Per paper, the ids of the definitions it gives: one number, or an array for several (rare).
  const perDoc = new Map<number, DefinitionId | DefinitionId[]>();
  const ids = new Map<string, DefinitionId>();
  const defs: Definition[] = [];
  const idOf = (d: Definition): DefinitionId => {
    const k = `${d.shortTerm}\u0000${d.longKey}`;
    let id = ids.get(k);
    if (id === undefined) {
      id = defs.length;
      ids.set(k, id);
      defs.push(d);
    }
    return id;
  };
  let maxTerms = 0;

  function define(pair: AcronymPair): Definition | null {
    const shortTokens = analyze(pair.short).filter((t) => t.kind === 'word');
    if (shortTokens.length !== 1) return null;
    const shortTerm = shortTokens[0].term;
    const terms = analyze(pair.long).filter((t) => t.kind === 'word').map((t) => t.term);
    if (terms.length < 2 || terms.includes(shortTerm)) return null;
    const longKey = terms.join(' ');
    let longs = byShort.get(shortTerm);
    if (!longs) byShort.set(shortTerm, (longs = new Map()));
    const lf = longs.get(longKey);
    if (lf) lf.count++;
    else longs.set(longKey, { key: longKey, terms, display: pair.long.toLowerCase(), count: 1, shortDisplay: shortTokens[0].original });
    let shorts = byLong.get(longKey);
    if (!shorts) byLong.set(longKey, (shorts = new Map()));
    const sf = shorts.get(shortTerm);
    if (sf) sf.count++;
    else shorts.set(shortTerm, { term: shortTerm, display: shortTokens[0].original, count: 1 });
    if (terms.length > maxTerms) maxTerms = terms.length;
    return { shortTerm, longKey };
  }

  function undefine(d: Definition) {
    const longs = byShort.get(d.shortTerm);
    const lf = longs?.get(d.longKey);
    if (lf && --lf.count <= 0) longs!.delete(d.longKey);
    if (longs && longs.size === 0) byShort.delete(d.shortTerm);
    const shorts = byLong.get(d.longKey);
    const sf = shorts?.get(d.shortTerm);
    if (sf && --sf.count <= 0) shorts!.delete(d.shortTerm);
    if (shorts && shorts.size === 0) byLong.delete(d.longKey);
  }

  function kept<T extends { count: number }>(items: Iterable<T>): T[] {
    const list = [...items].sort((a, b) => b.count - a.count);
    if (list.length === 0) return list;
    const min = list[0].count * MIN_SHARE;
    return list.filter((x) => x.count >= min).slice(0, 3);
  }

  return {
    addDocument(doc, text) {
      const found: DefinitionId[] = [];
      for (const pair of findAcronyms(text)) {
        const d = define(pair);
        if (!d) continue;
        const id = idOf(d);
        // A paper that repeats its definition counts once.
        if (found.includes(id)) undefine(d);
        else found.push(id);
      }
      if (found.length) perDoc.set(doc, found.length === 1 ? found[0] : found);
    },
    removeDocument(doc) {
      const given = perDoc.get(doc);
      if (given === undefined) return;
      for (const id of typeof given === 'number' ? [given] : given) undefine(defs[id]);
      perDoc.delete(doc);
    },
    renumber(map) {
      const entries = [...perDoc.entries()];
      perDoc.clear();
      for (const [doc, given] of entries) perDoc.set(map(doc), given);
    },
    longForms: (shortTerm) => kept(byShort.get(shortTerm)?.values() ?? []),
    shortForms: (longKey) => kept(byLong.get(longKey)?.values() ?? []),
    maxLongTerms: () => maxTerms,
    size: () => byShort.size,
    top(n) {
      const all: Array<{ short: string; long: string; count: number }> = [];
      for (const longs of byShort.values()) {
        const best = kept(longs.values())[0];
        if (best) all.push({ short: best.shortDisplay, long: best.display, count: best.count });
      }
      return all.sort((a, b) => b.count - a.count || a.short.localeCompare(b.short)).slice(0, n);
    },
  };
}
