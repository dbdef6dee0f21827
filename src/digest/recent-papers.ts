import { and, eq, gte, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { papers } from '../db/schema.js';

/** When a paper became news: announced (null: never, an import) and stored, in ms. */
export interface PaperDates {
  announced: number | null;
  created: number;
}

/**
 * The recent part of the library (papers announced since `from`, and every undated one) with
 * their dates, shared by the digests composed in this process for a minute: a thousand channels
 * at 09:00 would otherwise each read the same ten thousand rows. A paper stored meanwhile by
 * another process is missed by at most this minute, which the digest window's overlap (15 min)
 * covers; the app clears it when it adds papers itself.
 */
export interface RecentPapers {
  since(from: number): Promise<Map<string, PaperDates>>;
  clear(): void;
}

const TTL_MS = 60_000;
const DAY_MS = 86_400_000;

/** One per app (the state lives with the app that owns the database, not in the module). */
export function createRecentPapers(db: Db): RecentPapers {
  let cached: { loadedAt: number; from: number; rows: Map<string, PaperDates> } | null = null;
  return {
    async since(from) {
      const fresh = cached && Date.now() - cached.loadedAt < TTL_MS ? cached : null;
      if (fresh && fresh.from <= from) return fresh.rows;
      // Load a day more than asked: the next channels' windows start a little earlier or later.
      const loadFrom = Math.min(from - DAY_MS, fresh ? fresh.from : Infinity);
      const loadedAt = Date.now();
      const rows = await db
        .select({ id: papers.id, announced: papers.announcedAt, created: papers.createdAt })
        .from(papers)
        .where(and(eq(papers.withdrawn, false), or(isNull(papers.announcedAt), gte(papers.announcedAt, new Date(loadFrom)))));
      const map = new Map<string, PaperDates>();
      for (const r of rows) map.set(r.id, { announced: r.announced ? r.announced.getTime() : null, created: r.created.getTime() });
      cached = { loadedAt, from: loadFrom, rows: map };
      return map;
    },
    clear() {
      cached = null;
    },
  };
}
