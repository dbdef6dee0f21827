import { createBm25fIndex } from './engine.js';
import type { SearchIndex } from './search-index.js';

/** The engine the app uses: BM25F with acronym expansion, typo tolerance and proximity (docs/search.md). */
export function createSearchIndex(): SearchIndex {
  return createBm25fIndex();
}
