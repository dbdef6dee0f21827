import { afterAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../jobs/handlers.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { wordVectors } from '../../src/db/schema.js';
import { createSearchIndex } from '../../src/search/create.js';
import { loadIndex } from '../../src/search/sync.js';
import { learnLibraryVectors, loadTermVectors } from '../../src/search/vector-store.js';
import { freshDatabase, STORES } from '../helpers/db.js';

describe.each(STORES)('word vectors stored in the database (%s)', (kind) => {
  let app: App;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('stay off for the 119-paper sample, then are learned, stored once and loaded by a new index', async () => {
    db = await freshDatabase(kind);
    app = await createApp(loadConfig({ DATABASE_URL: db.url }), { seed: true, syncIntervalMs: 0 });
    expect(await learnLibraryVectors(app.db)).toEqual({ status: 'too-small', papers: 119, needed: 2_000 });
    expect(await loadTermVectors(app.db)).toBeNull();
    expect(app.search.semantic?.()).toBeNull();
    // The scheduled job says the same (and stores nothing).
    expect(await runIngest(app, { source: 'vectors' })).toMatchObject({ status: 'too-small', papers: 119 });

    const first = await learnLibraryVectors(app.db, { minPapers: 50, dims: 32 });
    expect(first).toMatchObject({ status: 'learned', papers: 119, dims: 32 });
    const again = await learnLibraryVectors(app.db, { minPapers: 50, dims: 32 });
    expect(again.status).toBe('learned');
    expect(await app.db.select({ id: wordVectors.id }).from(wordVectors)).toHaveLength(1);

    const index = createSearchIndex();
    await loadIndex(app.db, index);
    expect(index.semantic?.()).toMatchObject({ papers: 119, dims: 32, terms: first.status === 'learned' ? first.terms : -1 });
    expect(index.search('model merging', { limit: 5 }).hits.length).toBe(5);
  }, 120_000);
});
