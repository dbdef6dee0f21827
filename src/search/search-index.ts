import type { TermVectors } from './term-vectors.js';

/** What the index stores of a paper. */
export interface SearchDoc {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
}

export type MatchField = 'title' | 'abstract' | 'authors';

/**
 * How a query word reached a paper: as written, through an acronym ("lora" -> "low-rank adaptation"),
 * a composite name ("lora" -> "QLoRA"), a hyphen variant ("multitask" -> "multi-task"), a spelling
 * correction / completion, or closeness in meaning (word vectors: `form` is the paper's word closest to
 * `query`, fields where it is).
 */
export type MatchVia = 'exact' | 'acronym' | 'composite' | 'compound' | 'typo' | 'prefix' | 'meaning';

export interface Match {
  /** The query word (or, for an acronym expansion, the query phrase) this explains. */
  query: string;
  /** What the paper says: "QLoRA", "low-rank adaptation", "speculative". */
  form: string;
  via: MatchVia;
  fields: MatchField[];
}

export interface SearchHit {
  id: string;
  score: number;
  /** Query terms (or expansions) this paper matched, for "why it matched". */
  matched: string[];
  /** The same, with how and where; absent for engines that cannot say. */
  matches?: Match[];
}

/** A query word the engine replaced or widened: "speculatve" -> "speculative". */
export interface Correction {
  from: string;
  to: string[];
  /** typo: a close library word; prefix: the word looked cut short; also: kept the word, added the fix. */
  kind: 'typo' | 'prefix' | 'also';
}

export interface SearchResult {
  hits: SearchHit[];
  /** Set when typo correction or expansion changed what was searched: "speculative decoding". */
  searchedFor?: string;
  corrections?: Correction[];
  /** Acronym expansions used: { from: "lora", to: "low-rank adaptation" }. */
  expansions?: Array<{ from: string; to: string }>;
  /** Words left out: excluded with -word / NOT word. */
  excluded?: string[];
  /** Set when nothing searchable was left: the query was only common words ("the", "of"). */
  onlyStopWords?: boolean;
  /** The query was longer than the engine reads; it searched the start. */
  truncated?: boolean;
  /** When nothing matched: words or topics the library does have, to try instead. */
  suggestions?: string[];
}

export interface SearchOptions {
  limit?: number;
  /** Keep only ids this accepts (bookmarks search, digest candidates). */
  filter?: (id: string) => boolean;
}

/** The in-memory index every process keeps; built from the database, updated as papers arrive. */
export interface SearchIndex {
  /** Add papers; a paper whose id is already indexed is replaced (a no-op if its text is unchanged). */
  add(docs: SearchDoc[]): void;
  remove(id: string): void;
  size(): number;
  has?(id: string): boolean;
  search(query: string, options?: SearchOptions): SearchResult;
  similar(id: string, options?: SearchOptions): SearchResult;
  /** Word vectors for the semantic side (null: lexical only). */
  setTermVectors?(vectors: TermVectors | null): void;
  /** The vectors in use: how many words, learned from how many papers; null when lexical only. */
  semantic?(): { terms: number; papers: number; dims: number } | null;
}
