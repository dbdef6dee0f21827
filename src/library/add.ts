import type { Db } from '../db/database.js';
import type { SearchIndex } from '../search/search-index.js';
import { summarize } from '../summarize/extractive.js';
import type { PaperRecord } from '../papers/normalize.js';
import { upsertPapers, type UpsertResult } from '../papers/store.js';

export interface AddResult {
  inserted: number;
  updated: number;
  results: UpsertResult[];
}

/**
 * The one way papers enter the library (import, ingest, the sample): TL;DR computed, stored in
 * one transaction, then made searchable in this process. Other processes pick it up by polling.
 */
export async function addPapers(deps: { db: Db; search: SearchIndex }, records: PaperRecord[]): Promise<AddResult> {
  const rows = records.map((r) => ({ ...r, ...summarize(r) }));
  const results = await upsertPapers(deps.db, rows);
  // The upsert returns the merged text, so indexing needs no second read.
  deps.search.add(results.map((r) => ({ id: r.id, ...r.stored })));
  const inserted = results.filter((r) => r.inserted).length;
  return { inserted, updated: results.length - inserted, results };
}
