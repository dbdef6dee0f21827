import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { bookmarks, paperSources, paperVersions, postedMessages } from '../../src/db/schema.js';
import { addPapers } from '../../src/library/add.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import type { PaperInput } from '../../src/papers/paper.js';
import { getPaper, getPapers } from '../../src/papers/store.js';
import type { SearchIndex } from '../../src/search/search-index.js';
import { createSearchIndex } from '../../src/search/create.js';
import { freshDatabase, STORES } from '../helpers/db.js';

const arxiv = (p: Partial<PaperInput>) => normalizePaper({ title: 'T', abstract: 'A.', ...p } as PaperInput, 'arxiv');
const hf = (p: Partial<PaperInput>) => normalizePaper({ title: 'T', abstract: 'A.', ...p } as PaperInput, 'hf');

// One database per store for the file; each test uses its own paper ids.
describe.each(STORES)('merging papers from several sources (%s)', (kind) => {
  let database: Database;
  let search: SearchIndex;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    search = createSearchIndex();
  });
  afterAll(async () => {
    await database.close();
  });

  async function open() {
    return { db: database.db, search };
  }
  const present = async (ids: string[]) => (await getPapers(database.db, ids)).map((p) => p.id).sort();

  it('a new version updates the text and keeps bookmarks and posted messages; an older version changes nothing', async () => {
    const deps = await open();
    await addPapers(deps, [arxiv({ id: '2503.01001v1', title: 'Old title', abstract: 'Old abstract about routing.', announced: '2025-03-04T01:00:00Z' })]);
    await deps.db.insert(bookmarks).values({ platform: 'slack', workspaceId: 'T1', userId: 'U1', paperId: '2503.01001' });
    await deps.db.insert(postedMessages).values({ platform: 'slack', channelId: 'C1', messageId: 'm1', workspaceId: 'T1', paperId: '2503.01001' });

    const r = await addPapers(deps, [arxiv({ id: '2503.01001v2', title: 'New title', abstract: 'New abstract about sparse routing.', announced: '2025-03-11T00:00:00Z' })]);
    expect(r.results[0]).toMatchObject({ inserted: false, textChanged: true });
    let p = (await getPaper(deps.db, '2503.01001'))!;
    expect(p).toMatchObject({ version: 2, title: 'New title', abstract: 'New abstract about sparse routing.' });
    expect(p.tldr).toBe('New abstract about sparse routing.');
    // The first announcement counts: a replacement is not news.
    expect(p.announcedAt?.toISOString()).toBe('2025-03-04T01:00:00.000Z');
    expect(await deps.db.select().from(bookmarks).where(sql`paper_id = '2503.01001'`)).toHaveLength(1);
    expect(await deps.db.select().from(postedMessages).where(sql`paper_id = '2503.01001'`)).toHaveLength(1);
    expect((await deps.db.select().from(paperVersions).where(sql`paper_id = '2503.01001'`)).map((v) => v.version).sort()).toEqual([1, 2]);
    // The new text is what search finds.
    expect(deps.search.search('sparse routing').hits[0]?.id).toBe('2503.01001');

    await addPapers(deps, [arxiv({ id: '2503.01001v1', title: 'Old title', abstract: 'Old abstract about routing.' })]);
    p = (await getPaper(deps.db, '2503.01001'))!;
    expect(p).toMatchObject({ version: 2, title: 'New title' });
  });

  it('an HF record (no version) never overwrites arXiv text, but refreshes upvotes and stars and adds its own fields', async () => {
    const deps = await open();
    await addPapers(deps, [arxiv({ id: '2503.02001v1', title: 'arXiv title', abstract: 'arXiv abstract.', authors: ['A', 'B'], categories: ['cs.CL'] })]);
    await addPapers(deps, [hf({ id: '2503.02001', title: 'HF title', abstract: 'HF abstract.', upvotes: 10, stars: 100, codeUrl: 'https://github.com/x/y', hfSummary: 'HF says.', keywords: ['k'] })]);
    let p = (await getPaper(deps.db, '2503.02001'))!;
    expect(p).toMatchObject({ title: 'arXiv title', abstract: 'arXiv abstract.', authors: ['A', 'B'], categories: ['cs.CL'], upvotes: 10, stars: 100, codeUrl: 'https://github.com/x/y', hfSummary: 'HF says.', keywords: ['k'], version: 1 });
    expect(p.sources).toEqual(['arxiv', 'hf']);

    await addPapers(deps, [hf({ id: '2503.02001', title: 'HF title', abstract: 'HF abstract.', upvotes: 25, stars: 140 })]);
    // An arXiv record knows no popularity: it keeps what HF said.
    await addPapers(deps, [arxiv({ id: '2503.02001v1', title: 'arXiv title', abstract: 'arXiv abstract.' })]);
    p = (await getPaper(deps.db, '2503.02001'))!;
    expect(p).toMatchObject({ upvotes: 25, stars: 140, title: 'arXiv title' });
    expect((await deps.db.select().from(paperSources).where(sql`paper_id = '2503.02001'`)).map((s) => s.source).sort()).toEqual(['arxiv', 'hf']);
  });

  it('HF first, then arXiv: the arXiv version replaces HF text', async () => {
    const deps = await open();
    await addPapers(deps, [hf({ id: '2503.02100', title: 'HF title', abstract: 'HF abstract.', upvotes: 3 })]);
    const r = await addPapers(deps, [arxiv({ id: '2503.02100v1', title: 'arXiv title', abstract: 'arXiv abstract.' })]);
    expect(r.results[0].textChanged).toBe(true);
    expect(await getPaper(deps.db, '2503.02100')).toMatchObject({ title: 'arXiv title', version: 1, upvotes: 3 });
  });

  it('withdrawn papers are marked, not deleted, and an HF record does not un-withdraw them', async () => {
    const deps = await open();
    await addPapers(deps, [arxiv({ id: '2501.05001v2', title: 'Scaling laws', abstract: 'Claims.' })]);
    await addPapers(deps, [arxiv({ id: '2501.05001v3', title: 'Scaling laws', abstract: 'This paper has been withdrawn.', withdrawn: true })]);
    await addPapers(deps, [hf({ id: '2501.05001', title: 'Scaling laws', abstract: 'Claims.', upvotes: 1 })]);
    expect(await getPaper(deps.db, '2501.05001')).toMatchObject({ withdrawn: true, version: 3 });
  });

  it('within one batch, a stale duplicate cannot hide a newer version', async () => {
    const deps = await open();
    await addPapers(deps, [arxiv({ id: '2503.03000v2', title: 'Second version' }), arxiv({ id: '2503.03000v1', title: 'First version' })]);
    expect(await getPaper(deps.db, '2503.03000')).toMatchObject({ version: 2, title: 'Second version' });
  });

  it('stores text with NUL or unpaired surrogates instead of failing the batch', async () => {
    const deps = await open();
    const r = await addPapers(deps, [arxiv({ id: '2503.05001v1', title: 'Broken \ud800 surrogate', abstract: 'Has a NUL\u0000 inside.' }), arxiv({ id: '2503.05002v1', title: 'Fine neighbour' })]);
    expect(r.inserted).toBe(2);
    expect(await getPaper(deps.db, '2503.05001')).toMatchObject({ title: 'Broken \ufffd surrogate', abstract: 'Has a NUL inside.' });
  });

  it('a batch that fails half-way leaves none of its papers; earlier batches stay; a rerun completes', async () => {
    const deps = await open();
    await addPapers(deps, [arxiv({ id: '2503.04001v1', title: 'Batch one' })]);
    // The database refuses the batch after the papers rows are written (a later statement of
    // the same transaction), so a half-written batch would show up if there were one.
    await deps.db.execute(sql`create function refuse_poison() returns trigger language plpgsql as $$
      begin if new.paper_id = '2503.04003' then raise exception 'poisoned batch'; end if; return new; end $$`);
    await deps.db.execute(sql`create trigger refuse_poison before insert on paper_sources for each row execute function refuse_poison()`);
    const batch = [arxiv({ id: '2503.04002v1', title: 'Quokka behaviour models' }), arxiv({ id: '2503.04003v1', title: 'Wombat burrow detection' })];
    const ids = ['2503.04001', '2503.04002', '2503.04003'];
    const searched = () => ['quokka', 'wombat'].flatMap((q) => deps.search.search(q).hits.map((h) => h.id)).sort();
    await expect(addPapers(deps, batch)).rejects.toThrow(/paper_sources/);
    expect(await present(ids)).toEqual(['2503.04001']);
    expect(await deps.db.select().from(paperVersions).where(sql`paper_id in ('2503.04002', '2503.04003')`)).toHaveLength(0);
    expect(searched()).toEqual([]);

    await deps.db.execute(sql`drop trigger refuse_poison on paper_sources`);
    await addPapers(deps, batch);
    expect(await present(ids)).toEqual(ids);
    expect(searched()).toEqual(['2503.04002', '2503.04003']);
  });
});
