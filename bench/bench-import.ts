// The `paperbot import` path on real papers (../shared/data/arxiv-ml-100k.jsonl.gz), for
// `npm run bench:ingest`: streamed JSON lines -> normalize -> addPapers (TL;DR, upsert, index) in
// batches of 1,000, on PGlite and PostgreSQL; the baseline in the same run is a plain batched
// INSERT of the same records. Papers/s and the peak RSS of each phase.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/database.js';
import { papers } from '../src/db/schema.js';
import { addPapers } from '../src/library/add.js';
import { paperLineBatches } from '../src/papers/json-lines.js';
import { createSearchIndex } from '../src/search/create.js';

const FILE = new URL('../../shared/data/arxiv-ml-100k.jsonl.gz', import.meta.url).pathname;
const LIMIT = Number(process.env.BENCH_IMPORT_N ?? 20_000);

async function* firstLines(n: number): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(FILE).pipe(createGunzip()), crlfDelay: Infinity });
  let i = 0;
  for await (const line of rl) {
    if (i++ >= n) break;
    yield line;
  }
  rl.close();
}

/** Runs `fn`, sampling RSS every 50 ms: [papers/s, peak RSS MB]. */
async function measured(n: () => number, fn: () => Promise<void>): Promise<{ perSecond: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { perSecond: Math.round((n() * 1000) / (performance.now() - t)), peakMb: Math.round(peak / 1e6) };
}

/** One row per store, or null when the real data is absent. */
export async function benchImport(store: { kind: string; db: Database }): Promise<Record<string, string | number> | null> {
  if (!existsSync(FILE)) return null;
  let plainCount = 0;
  const plain = await measured(
    () => plainCount,
    async () => {
      for await (const batch of paperLineBatches(firstLines(LIMIT))) {
        await store.db.db.insert(papers).values(batch.records.map((r) => ({ id: `base-${r.id}`, title: r.title, abstract: r.abstract, authors: r.authors, categories: r.categories, version: r.version })));
        plainCount += batch.records.length;
      }
    },
  );
  await store.db.db.execute(sql`delete from papers where id like 'base-%'`);
  const search = createSearchIndex();
  let count = 0;
  const full = await measured(
    () => count,
    async () => {
      for await (const batch of paperLineBatches(firstLines(LIMIT))) {
        await addPapers({ db: store.db.db, search }, batch.records);
        count += batch.records.length;
      }
    },
  );
  await store.db.db.execute(sql`truncate papers cascade`);
  return {
    store: store.kind,
    papers: count,
    'baseline INSERT/s': plain.perSecond,
    'import papers/s': full.perSecond,
    'peak RSS MB (baseline)': plain.peakMb,
    'peak RSS MB (import)': full.peakMb,
  };
}

export const IMPORT_FILE = FILE;
export const IMPORT_LIMIT = LIMIT;
