import type { AcronymDictionary } from './acronyms.js';
import { analyze, termOf, type Token } from './analyzer.js';
import { splitExclusions } from './exclusions.js';
import type { RankingParams } from './params.js';
import type { Correction, MatchVia } from './search-index.js';
import type { Vocabulary } from './typos.js';

/** What the planner may ask of the index. */
export interface Lexicon {
  /** -1 when the library has never seen the term. */
  termId(term: string): number;
  /** Live papers containing the term. */
  df(id: number): number;
  /** Live papers in the library. */
  size(): number;
  /** Terms of composite names that contain this key ("lora" -> qlora, loramoe). */
  composites(key: string): number[];
  /** The most common terms that extend this stem ("data" -> dataset). */
  extensions(stem: string, limit: number): number[];
  /** Hyphenated terms whose hyphen-free spelling is this ("multitask" -> multi-task). */
  compounds(joined: string): number[];
  /** How the library writes a term ("QLoRA"), when it is a name. */
  display(id: number): string | undefined;
  acronyms: AcronymDictionary;
  vocab: Vocabulary;
}

/** One way a concept can appear in a paper. A phrase must appear as adjacent content words. */
export type Alt =
  | { kind: 'term'; term: number; w: number; via: MatchVia; form: string }
  | { kind: 'phrase'; terms: number[]; w: number; via: MatchVia; form: string };

/**
 * A unit of meaning in the query, scored as one BM25F term: per field, its frequency in a paper is the
 * best of its alternatives (weighted), and its idf comes from the papers matching any alternative.
 */
export interface Concept {
  label: string;
  alts: Alt[];
  /** Typed by the user (takes part in proximity); false for an acronym added from a phrase. */
  literal: boolean;
  /** An acronym concept is worth acronymWeight x the idf of the words it stands for. */
  spanOf?: number[];
  weight: number;
}

export interface QueryPlan {
  concepts: Concept[];
  /** Papers holding any of these terms are left out. */
  exclude: number[];
  /** And papers holding any of these phrases (adjacent content words), from NOT "a phrase" or -low-rank. */
  excludePhrases: number[][];
  /** What was left out, as typed. */
  excludedWords: string[];
  corrections: Correction[];
  expansions: Array<{ from: string; to: string }>;
  onlyStopWords: boolean;
  truncated: boolean;
  searchedFor?: string;
}

/** The engine reads at most this much of a query (the chat parser already stops at 256). */
export const MAX_QUERY_CHARS = 1_000;
/** And at most this many distinct words: each costs a postings scan. */
export const MAX_QUERY_WORDS = 24;
/** A word in at most this many papers is "rare": a spelling fix may be added beside it. */
const RARE_DF = 2;
const MAX_COMPOSITES = 20;
const MAX_COMPLETIONS = 3;
const MAX_EXTENSIONS = 5;
/**
 * Spelling an acronym out means checking word order in every paper holding the phrase's rarest word.
 * Done when the acronym is uncommon (recall matters) or the check is cheap; a very common acronym
 * ("LLM" in most papers) already matches more papers than anyone reads.
 */
const EXPAND_RARE_SHARE = 0.02;
const EXPAND_MAX_CHECKS = 10_000;
const EXPAND_MAX_SHARE = 0.5;
const EXPAND_MIN_DF = 1_000;

function composites(lex: Lexicon, token: Token, primary: number, w: number): Alt[] {
  const seen = new Set<number>([primary]);
  const out: Alt[] = [];
  for (const key of new Set([token.surface, token.term])) {
    for (const id of lex.composites(key)) {
      if (seen.has(id) || lex.df(id) === 0) continue;
      seen.add(id);
      out.push({ kind: 'term', term: id, w, via: 'composite', form: lex.display(id) ?? key });
      if (out.length >= MAX_COMPOSITES) return out;
    }
  }
  return out;
}

function acronymPhrases(lex: Lexicon, term: string, w: number): Alt[] {
  const out: Alt[] = [];
  const own = lex.termId(term);
  const common = own >= 0 && lex.df(own) > lex.size() * EXPAND_RARE_SHARE;
  for (const lf of lex.acronyms.longForms(term)) {
    const ids = lf.terms.map((t) => lex.termId(t));
    if (ids.some((id) => id < 0 || lex.df(id) === 0)) continue;
    if (common && Math.min(...ids.map((id) => lex.df(id))) > EXPAND_MAX_CHECKS) continue;
    out.push({ kind: 'phrase', terms: ids, w, via: 'acronym', form: lf.display });
  }
  return out;
}

function matches(lex: Lexicon, alts: Alt[]): boolean {
  return alts.some((a) => (a.kind === 'term' ? lex.df(a.term) > 0 : true));
}

/** The alternatives for one word the user typed. */
function wordConcepts(lex: Lexicon, token: Token, compound: Token | undefined, p: RankingParams, corrections: Correction[]): Concept[] {
  const alts: Alt[] = [];
  const extra: Concept[] = [];
  let primary = lex.termId(token.term);
  // "llms", "gpus" typed in lower case: the stemmer keeps the s, the library indexed "llm".
  if ((primary < 0 || lex.df(primary) === 0) && token.surface.length > 3 && token.surface.endsWith('s')) {
    const singular = lex.termId(termOf(token.surface.slice(0, -1)));
    if (singular >= 0 && lex.df(singular) > 0) primary = singular;
  }
  if (primary >= 0) alts.push({ kind: 'term', term: primary, w: 1, via: 'exact', form: token.surface });
  // "multi-task" typed: papers writing "multitask" match each part; "multitask" typed: "multi-task" papers match.
  if (compound?.joined) {
    const j = lex.termId(compound.joined);
    if (j >= 0 && j !== primary) alts.push({ kind: 'term', term: j, w: 1, via: 'compound', form: compound.joined });
  } else {
    for (const id of lex.compounds(token.term)) alts.push({ kind: 'term', term: id, w: 1, via: 'compound', form: lex.display(id) ?? token.surface });
  }
  alts.push(...composites(lex, token, primary, p.compositeWeight));
  // Longer words on the same stem ("data" -> dataset) at a lower weight; an absent word is completed below instead, and says so.
  if (p.prefixWeight > 0 && primary >= 0 && lex.df(primary) > 0 && token.term.length >= 4 && /^\p{L}+$/u.test(token.term)) {
    for (const id of lex.extensions(token.term, MAX_EXTENSIONS)) if (!alts.some((a) => a.kind === 'term' && a.term === id)) alts.push({ kind: 'term', term: id, w: p.prefixWeight, via: 'prefix', form: lex.display(id) ?? token.surface });
  }
  alts.push(...acronymPhrases(lex, token.term, p.acronymWeight));

  const df = primary >= 0 ? lex.df(primary) : 0;
  if (!matches(lex, alts) && /^\p{L}+$/u.test(token.surface)) {
    // Absent: a word cut short ("quant") is completed, else a close library word replaces it.
    const done = token.surface.length >= 4 ? lex.vocab.completions(token.surface, MAX_COMPLETIONS) : [];
    const near = done.length ? [] : lex.vocab.near(token.surface);
    const words = done.length ? done.map((d) => d.word) : near.slice(0, 1).map((n) => n.word);
    for (const word of words) {
      const t = analyze(word)[0];
      const id = t ? lex.termId(t.term) : -1;
      if (id < 0 || lex.df(id) === 0 || alts.some((a) => a.kind === 'term' && a.term === id)) continue;
      alts.push({ kind: 'term', term: id, w: 1, via: done.length ? 'prefix' : 'typo', form: word });
      alts.push(...composites(lex, t, id, p.compositeWeight));
    }
    if (words.length) corrections.push({ from: token.surface, to: words, kind: done.length ? 'prefix' : 'typo' });
  } else if (df > 0 && df <= RARE_DF && /^\p{L}+$/u.test(token.surface) && lex.display(primary) === undefined) {
    // Rare (and not a name such as "QLoRA"): keep it first, and also look for a much more common word one
    // edit away ("decodng" in one paper's typo), as its own low-weight concept so exact matches stay on top.
    const best = lex.vocab.near(token.surface, 1).find((n) => n.count >= Math.max(10 * df, 5));
    const t = best ? analyze(best.word)[0] : undefined;
    const id = t ? lex.termId(t.term) : -1;
    if (best && id >= 0 && id !== primary && lex.df(id) > 0) {
      extra.push({ label: token.surface, alts: [{ kind: 'term', term: id, w: 1, via: 'typo', form: best.word }], literal: false, weight: p.fuzzyWeight });
      corrections.push({ from: token.surface, to: [best.word], kind: 'also' });
    }
  }
  return [{ label: token.surface, alts, literal: true, weight: 1 }, ...extra];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turn a query into concepts: words with their variants, acronym expansions both ways, fixes for typos. */
export function planQuery(lex: Lexicon, raw: string, p: RankingParams): QueryPlan {
  let text = typeof raw === 'string' ? raw : '';
  const truncated = text.length > MAX_QUERY_CHARS;
  if (truncated) text = text.slice(0, MAX_QUERY_CHARS);

  const split = splitExclusions(text);
  text = split.text;
  const excludedWords = split.excluded;
  const exclude: number[] = [];
  const excludePhrases: number[][] = [];
  for (const words of excludedWords) {
    const ids = analyze(words).filter((t) => t.kind === 'word').map((t) => lex.termId(t.term));
    // A word the library has never seen excludes nothing.
    if (ids.length === 0 || ids.some((id) => id < 0)) continue;
    if (ids.length === 1) exclude.push(ids[0]);
    else excludePhrases.push(ids);
  }

  const tokens = analyze(text);
  const corrections: Correction[] = [];
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const words: Token[] = [];
  let compound: Token | undefined;
  for (const t of tokens) {
    if (t.kind === 'compound') {
      // A hyphenated query word is searched as its parts (proximity rewards them together), each part
      // also matching the hyphen-free spelling ("multi-task" finds "multitask").
      compound = t;
      continue;
    }
    const partOf = compound && t.pos >= compound.pos && compound.surface.split('-').includes(t.surface) ? compound : undefined;
    if (!partOf) compound = undefined;
    if (seen.has(t.term) || concepts.length >= MAX_QUERY_WORDS) {
      words.push(t);
      continue;
    }
    seen.add(t.term);
    const fixes = corrections.length;
    concepts.push(...wordConcepts(lex, t, partOf, p, corrections));
    // A corrected word takes part in phrase look-ups as corrected ("speculatve decodng" -> SD).
    const fix = corrections.length > fixes && corrections[fixes].kind !== 'also' ? analyze(corrections[fixes].to[0])[0] : undefined;
    words.push(fix ? { ...t, term: fix.term } : t);
  }

  // A phrase of the query that is a known long form also searches for its acronym, at lower weight.
  const expansions: Array<{ from: string; to: string }> = [];
  const maxLen = Math.min(lex.acronyms.maxLongTerms(), 8);
  const literalIndex = new Map(concepts.map((c, i) => [c.label, i]));
  for (let i = 0; i < words.length; i++) {
    for (let len = 2; len <= maxLen && i + len <= words.length; len++) {
      const span = words.slice(i, i + len);
      for (const sf of lex.acronyms.shortForms(span.map((w) => w.term).join(' '))) {
        if (seen.has(sf.term)) continue;
        const id = lex.termId(sf.term);
        // An acronym in most papers of a large library ("LLM") has an idf near zero: it could hardly move
        // the ranking, and would cost a long scan.
        if (id < 0 || lex.df(id) > Math.max(EXPAND_MIN_DF, lex.size() * EXPAND_MAX_SHARE)) continue;
        seen.add(sf.term);
        const shortToken: Token = { term: sf.term, surface: sf.display.toLowerCase(), original: sf.display, pos: 0, kind: 'word' };
        const alts: Alt[] = [{ kind: 'term', term: id, w: 1, via: 'acronym', form: sf.display }, ...composites(lex, shortToken, id, p.compositeWeight)];
        const key = span.map((w) => w.term).join(' ');
        const phrase = lex.acronyms.longForms(sf.term).find((lf) => lf.key === key)?.display ?? span.map((w) => w.surface).join(' ');
        const spanOf = span.map((w) => literalIndex.get(w.surface)).filter((x): x is number => x !== undefined);
        concepts.push({ label: phrase, alts, literal: false, spanOf, weight: 1 });
        expansions.push({ from: phrase, to: sf.display });
      }
    }
  }
  for (const c of concepts) {
    for (const a of c.alts) if (a.kind === 'phrase') expansions.push({ from: c.label, to: a.form });
  }

  let searchedFor: string | undefined;
  const replacing = corrections.filter((c) => c.kind !== 'also');
  if (replacing.length) {
    searchedFor = text.trim();
    for (const c of replacing) {
      searchedFor = searchedFor.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(c.from)}(?![\\p{L}\\p{N}])`, 'iu'), c.to[0]);
    }
    searchedFor = searchedFor.replace(/\s+/g, ' ');
  }

  const onlyStopWords = concepts.length === 0 && /[\p{L}\p{N}]/u.test(text) && excludedWords.length === 0;
  return { concepts, exclude, excludePhrases, excludedWords, corrections, expansions, onlyStopWords, truncated, searchedFor };
}
