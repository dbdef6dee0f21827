import { asc, gt, gte, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { papers } from '../db/schema.js';
import { toPaper } from '../papers/store.js';
import type { SearchIndex } from './search-index.js';
import { loadTermVectors, vectorsLearnedAt } from './vector-store.js';

const PAGE = 5_000;
/**
 * changed_at is the writing transaction's start time, which can commit after later rows: we look
 * back this far and skip what we already hold, so a slow batch from another process is not missed.
 */
const LOOKBACK_MS = 120_000;

function docOf(p: ReturnType<typeof toPaper>) {
  return { id: p.id, title: p.title, abstract: p.abstract, authors: p.authors };
}

/** When the vectors an index holds were learned: the poll re-reads them when a newer row appears. */
const vectorsHeld = new WeakMap<SearchIndex, number>();
/** Vectors are re-learned daily at most: looking once a minute is plenty. */
const VECTOR_POLL_TICKS = 20;

async function refreshVectors(db: Db, index: SearchIndex): Promise<void> {
  if (!index.setTermVectors) return;
  const at = await vectorsLearnedAt(db);
  if (at === null || at.getTime() === vectorsHeld.get(index)) return;
  const loaded = await loadTermVectors(db);
  if (!loaded) return;
  index.setTermVectors(loaded.vectors);
  vectorsHeld.set(index, loaded.learnedAt.getTime());
}

/** Fill the index from the database, then poll so papers written by other processes become searchable. */
export async function loadIndex(db: Db, index: SearchIndex): Promise<Map<string, number>> {
  await refreshVectors(db, index);
  const seen = new Map<string, number>();
  let after = '';
  for (;;) {
    const rows = await db.select().from(papers).where(gt(papers.id, after)).orderBy(asc(papers.id)).limit(PAGE);
    if (rows.length === 0) break;
    index.add(rows.map((r) => docOf(toPaper(r))));
    for (const r of rows) seen.set(r.id, r.changedAt.getTime());
    after = rows[rows.length - 1].id;
  }
  return seen;
}

export function startIndexSync(db: Db, index: SearchIndex, seen: Map<string, number>, intervalMs = 3_000, onError?: (e: unknown) => void): () => void {
  let watermark = 0;
  for (const t of seen.values()) if (t > watermark) watermark = t;
  let running = false;
  let ticks = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (++ticks % VECTOR_POLL_TICKS === 0) await refreshVectors(db, index);
      const since = new Date(Math.max(0, watermark - LOOKBACK_MS));
      const changed = await db.select({ id: papers.id, changedAt: papers.changedAt }).from(papers).where(gte(papers.changedAt, since));
      const fresh = changed.filter((c) => seen.get(c.id) !== c.changedAt.getTime());
      for (let i = 0; i < fresh.length; i += PAGE) {
        const ids = fresh.slice(i, i + PAGE).map((c) => c.id);
        const rows = await db.select().from(papers).where(inArray(papers.id, ids));
        index.add(rows.map((r) => docOf(toPaper(r))));
        for (const r of rows) seen.set(r.id, r.changedAt.getTime());
      }
      for (const c of changed) if (c.changedAt.getTime() > watermark) watermark = c.changedAt.getTime();
    } catch (e) {
      onError?.(e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs); // tick catches its own errors
  timer.unref();
  return () => clearInterval(timer);
}
