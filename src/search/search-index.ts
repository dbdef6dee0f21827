/** What the index stores of a paper. */
export interface SearchDoc {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
}

export interface SearchHit {
  id: string;
  score: number;
  /** Query terms (or expansions) this paper matched, for "why it matched". */
  matched: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Set when typo correction or expansion changed what was searched: "speculative decoding". */
  searchedFor?: string;
}

export interface SearchOptions {
  limit?: number;
  /** Keep only ids this accepts (bookmarks search, digest candidates). */
  filter?: (id: string) => boolean;
}

/** The in-memory index every process keeps; built from the database, updated as papers arrive. */
export interface SearchIndex {
  add(docs: SearchDoc[]): void;
  remove(id: string): void;
  size(): number;
  search(query: string, options?: SearchOptions): SearchResult;
  similar(id: string, options?: SearchOptions): SearchResult;
}
