import { readFile } from 'node:fs/promises';
import type { Db } from '../db/database.js';
import type { SearchIndex } from '../search/search-index.js';
import { addPapers } from './add.js';
import { parsePaperLines } from '../papers/json-lines.js';
import { countPapers } from '../papers/store.js';

export const SAMPLE_FILE = new URL('../../samples/seed-papers.jsonl', import.meta.url).pathname;

/** On first start the library is empty: fill it with the bundled sample so search works offline. */
export async function seedIfEmpty(deps: { db: Db; search: SearchIndex }): Promise<number> {
  if ((await countPapers(deps.db)) > 0) return 0;
  const { records } = parsePaperLines(await readFile(SAMPLE_FILE, 'utf8'));
  const r = await addPapers(deps, records);
  return r.inserted;
}
