import type { SearchIndex } from './search-index.js';
import { createSimpleIndex } from './simple-index.js';

/** The engine the app uses. */
export function createSearchIndex(): SearchIndex {
  return createSimpleIndex();
}
