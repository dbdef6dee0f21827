import { EventEmitter } from 'node:events';
import type { Config } from './config.js';
import type { Database, Db } from './db/database.js';
import { openDatabase } from './db/open.js';
import { createRecentPapers, type RecentPapers } from './digest/recent-papers.js';
import type { AppEvents } from './events.js';
import { addPapers, type AddResult } from './library/add.js';
import { paperChanges } from './library/follow-ups.js';
import { seedIfEmpty } from './library/sample.js';
import { silentLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import type { PaperRecord } from './papers/normalize.js';
import { createSearchIndex } from './search/create.js';
import type { SearchIndex } from './search/search-index.js';
import { loadIndex, startIndexSync } from './search/sync.js';

export type { AppEvents } from './events.js';

/** The running core: one database, one in-memory index. Adapters and jobs hold one of these. */
export interface App {
  config: Config;
  database: Database;
  db: Db;
  search: SearchIndex;
  log: Logger;
  /** This app's Prometheus metrics (its own registry). */
  metrics: Metrics;
  events: EventEmitter<AppEvents>;
  /** The recently announced papers digests choose from, cached for a minute (digest/recent-papers.ts). */
  recentPapers: RecentPapers;
  addPapers(records: PaperRecord[]): Promise<AddResult>;
  close(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  /** Import the bundled sample when the library is empty (default true). */
  seed?: boolean;
  /** How often to pick up papers other processes wrote (default 3 s; 0 turns it off). */
  syncIntervalMs?: number;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? silentLogger;
  const database = await openDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  const db = database.db;
  const search = createSearchIndex();
  const events = new EventEmitter<AppEvents>();
  const recentPapers = createRecentPapers(db);
  const seen = await loadIndex(db, search);
  if (options.seed !== false) {
    const n = await seedIfEmpty({ db, search });
    if (n) log.info({ papers: n }, 'imported the bundled sample library');
  }
  const interval = options.syncIntervalMs ?? 3_000;
  const stopSync = interval > 0 ? startIndexSync(db, search, seen, interval, (e) => log.warn({ err: e }, 'index sync failed')) : () => {};

  return {
    config,
    database,
    db,
    search,
    log,
    metrics: createMetrics({ indexSize: () => search.size() }),
    events,
    recentPapers,
    async addPapers(records) {
      const r = await addPapers({ db, search }, records);
      recentPapers.clear();
      events.emit('papersAdded', r.results.map((x) => x.id));
      const changed = paperChanges(r.results);
      if (changed.length) events.emit('papersChanged', changed);
      return r;
    },
    async close() {
      stopSync();
      await database.close();
    },
  };
}
