import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { silentLogger } from '../../src/log.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { addPapers } from '../../src/library/add.js';
import { countPapers, getPaper, getPapers } from '../../src/papers/store.js';
import { createSearchIndex } from '../../src/search/create.js';
import type { SearchIndex } from '../../src/search/search-index.js';
import { runIngest, type IngestDeps, type IngestOptions } from '../../src/sources/ingest.js';
import { formatIngestReport } from '../../src/sources/report.js';
import { readSourceDay, recordSourceDay } from '../../src/sources/source-days.js';
import { freshDatabase, STORES, type StoreKind } from '../helpers/db.js';
import { apiPage, fixture, papersRange } from '../fakes/source-fixtures.js';
import { startSourceServer, type FakeResponse, type SourceServer } from '../fakes/source-server.js';

const FEED_PATH = '/atom/cs.CL+cs.LG+cs.AI+cs.CV';
const API_PATH = '/api/query';
const HF_PATH = '/api/daily_papers';
// Tuesday 4 March 2025, 07:00 Eastern: Monday evening's announcement (listing 2025-03-04) is out.
const TUESDAY = new Date('2025-03-04T12:00:00Z');
const FAST = { minIntervalMs: 1, timeoutMs: 1_000, retries: 1, backoffMs: 5, maxBackoffMs: 10, maxRetryAfterMs: 1_000 };

let server: SourceServer;
const databases = new Map<StoreKind, Database>();

/** What ingestion reads, plus the index the checks search. */
type Core = IngestDeps & { search: SearchIndex };

/** A core on a shared database with its own search index (the database is emptied per test). */
function appOn(database: Database): Core {
  const config = loadConfig({ DATABASE_URL: 'memory://', ARXIV_API_URL: `${server.url}${API_PATH}`, ARXIV_FEED_URL: `${server.url}/atom`, HF_API_URL: server.url });
  const search = createSearchIndex();
  return {
    config,
    db: database.db,
    search,
    log: silentLogger,
    metrics: createMetrics(),
    addPapers: (records) => addPapers({ db: database.db, search }, records),
  };
}

async function emptied(kind: StoreKind = 'pglite'): Promise<Core> {
  let database = databases.get(kind);
  if (!database) {
    database = await freshDatabase(kind);
    databases.set(kind, database);
  }
  await database.db.execute(sql`truncate papers, source_days cascade`);
  return appOn(database);
}

const ingest = (app: Core, o: IngestOptions) => runIngest(app, { now: TUESDAY, http: FAST, ...o });

/** Serve query-API pages by `start`, from the three fixture files. */
function servePagedFixtures(): void {
  const pages: Record<string, string> = { '0': 'arxiv-api-page1.xml', '3': 'arxiv-api-page2.xml', '6': 'arxiv-api-page3.xml' };
  server.on(API_PATH, (req) => ({ body: fixture(pages[req.query.get('start') ?? ''] ?? 'arxiv-api-empty.xml'), headers: { 'content-type': 'application/atom+xml' } }));
}

/** Serve HF's daily list in pages of `limit`, from a fixture array. */
function serveHf(file: string): void {
  const items = JSON.parse(fixture(file)) as unknown[];
  server.on(HF_PATH, (req) => {
    const limit = Number(req.query.get('limit'));
    const p = Number(req.query.get('p'));
    return { body: JSON.stringify(items.slice(p * limit, (p + 1) * limit)), headers: { 'content-type': 'application/json' } };
  });
}

beforeAll(async () => {
  server = await startSourceServer();
});
afterAll(async () => {
  await server.close();
  for (const d of databases.values()) await d.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('arXiv announcement feed', () => {
  it('stores a day of announcements with TL;DRs, makes them searchable, and records the listing day complete', async () => {
    const app = await emptied();
    server.on(FEED_PATH, { body: fixture('arxiv-feed.atom.xml'), headers: { 'content-type': 'application/atom+xml' } });
    const report = await ingest(app, { source: 'arxiv' });
    expect(report.ok).toBe(true);
    const s = report.sources[0];
    expect(s).toMatchObject({ source: 'arxiv', mode: 'feed', status: 'ok', fetched: 6, stored: { new: 5, updated: 0 }, pages: 1, duplicates: 0, errors: [] });
    expect(s.skipped).toEqual([{ reason: 'id is missing' }]);
    expect(s.days).toEqual([{ day: '2025-03-04', complete: true, announced: true, papers: 5, note: null }]);

    const p = (await getPaper(app.db, '2503.02001'))!;
    expect(p).toMatchObject({ version: 1, sources: ['arxiv'], withdrawn: false });
    expect(p.tldr).toMatch(/^We distill chain-of-thought reasoning/);
    // Announced at Monday 20:00 Eastern, the evening before the listing day.
    expect(p.announcedAt?.toISOString()).toBe('2025-03-04T01:00:00.000Z');
    expect(app.search.search('chain-of-thought distillation').hits[0]?.id).toBe('2503.02001');
    const withdrawn = (await getPaper(app.db, '2501.05001'))!;
    expect(withdrawn).toMatchObject({ withdrawn: true, version: 3 });
    // A replacement is not a new paper: no announcement date of its own.
    expect(withdrawn.announcedAt).toBeNull();
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-04')).toMatchObject({ complete: true, announced: true, paperCount: 5 });

    // Idempotent: a rerun stores nothing new and changes no count.
    const again = await ingest(app, { source: 'arxiv' });
    expect(again.sources[0]).toMatchObject({ stored: { new: 0, updated: 5 }, status: 'ok' });
    expect(await countPapers(app.db)).toBe(5);
  });

  it('a late announcement leaves the day incomplete and says so; a weekend day is recorded as no announcement', async () => {
    const app = await emptied();
    // Tuesday 09:00 UTC: the feed still lists Monday (a listing day rewritten from the fixture).
    server.on(FEED_PATH, { body: fixture('arxiv-feed.atom.xml').replaceAll('2025-03-04T00:00:00-05:00', '2025-03-03T00:00:00-05:00') });
    const late = await ingest(app, { source: 'arxiv', now: new Date('2025-03-04T09:00:00Z') });
    expect(late.sources[0].days.map((d) => [d.day, d.complete])).toEqual([['2025-03-04', false]]);
    const day = (await readSourceDay(app.db, 'arxiv', '2025-03-04'))!;
    expect(day).toMatchObject({ complete: false, announced: true });
    expect(day.note).toMatch(/^late: announcement was due 2025-03-04T01:00:00.000Z, the feed still lists 2025-03-03/);

    // Friday: Thursday evening's listing arrives; Saturday: the feed is empty.
    server.on(FEED_PATH, { body: fixture('arxiv-feed.atom.xml').replaceAll('2025-03-04T00:00:00-05:00', '2025-03-07T00:00:00-05:00') });
    await ingest(app, { source: 'arxiv', now: new Date('2025-03-07T12:00:00Z') });
    server.on(FEED_PATH, { body: fixture('arxiv-feed-empty.atom.xml') });
    const saturday = await ingest(app, { source: 'arxiv', now: new Date('2025-03-08T15:00:00Z') });
    expect(saturday.sources[0].days[0]).toEqual({ day: '2025-03-08', complete: true, announced: false, papers: 0, note: 'no arXiv announcement: arXiv does not announce on Friday evenings' });
    // What was complete stays complete when a later run sees less.
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-07')).toMatchObject({ complete: true, paperCount: 5 });
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-08')).toMatchObject({ complete: true, announced: false });
  });

  it('refuses a 50 MB feed at the size limit: nothing from it is stored, and the report says why', async () => {
    const app = await emptied();
    server.on(FEED_PATH, { streamBytes: 50 * 1024 * 1024 });
    const report = await ingest(app, { source: 'arxiv', arxivMode: 'feed', http: { ...FAST, timeoutMs: 20_000 } });
    expect(report.ok).toBe(false);
    expect(report.sources[0]).toMatchObject({ status: 'failed', fetched: 0, stored: { new: 0, updated: 0 } });
    expect(report.sources[0].errors[0]).toMatch(/announcement feed: .*20971520-byte limit.*refused/);
    expect(await countPapers(app.db)).toBe(0);
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-04')).toMatchObject({ complete: false });
  });

  it('when the feed serves an HTML error page, falls back to the query API for the same listing day', async () => {
    const app = await emptied();
    server.on(FEED_PATH, { body: fixture('error-page.html'), headers: { 'content-type': 'text/html' } });
    servePagedFixtures();
    const report = await ingest(app, { source: 'arxiv', pageSize: 3 });
    const s = report.sources[0];
    expect(s).toMatchObject({ mode: 'feed, then api', status: 'partial', pages: 3, stored: { new: 4, updated: 0 } });
    expect(s.errors).toEqual([expect.stringMatching(/^announcement feed: expected an arXiv announcement feed, got an HTML page/)]);
    expect(report.ok).toBe(true);
    // Fetched for listing day 2025-03-04, so announced with it (not at submission).
    expect((await getPaper(app.db, '2503.01002'))!.announcedAt?.toISOString()).toBe('2025-03-04T01:00:00.000Z');
  });
});

describe('arXiv query API', () => {
  it('pages through a listing day: duplicates across pages, malformed entries skipped with reasons, withdrawn marked', async () => {
    const app = await emptied();
    servePagedFixtures();
    const report = await ingest(app, { source: 'arxiv', date: '2025-03-03', pageSize: 3 });
    const s = report.sources[0];
    expect(s).toMatchObject({ mode: 'api', status: 'ok', pages: 3, fetched: 7, duplicates: 1, stored: { new: 4, updated: 0 } });
    expect(s.skipped).toEqual([
      { id: '2503.01004v1', reason: 'title is missing' },
      { id: '2503.01006v1', reason: 'updated is not a date: "yesterday-ish"' },
    ]);
    expect(s.days).toEqual([{ day: '2025-03-03', complete: true, announced: true, papers: 4, note: expect.stringMatching(/^from the query API: submissions 2025-02-27T19:00:00.000Z to 2025-02-28T19:00:00.000Z/) }]);
    expect((await getPaper(app.db, '2503.01005'))!.withdrawn).toBe(true);
    expect(await getPaper(app.db, '2503.01001')).toMatchObject({ version: 2, doi: '10.18653/v1/2025.acl-long.1', journalRef: 'Proceedings of ACL 2025', primaryCategory: 'cs.CL' });

    const first = server.requestsTo(API_PATH)[0].query;
    expect(first.get('search_query')).toBe('(cat:cs.CL OR cat:cs.LG OR cat:cs.AI OR cat:cs.CV) AND submittedDate:[202502271900 TO 202502281900]');
    expect([first.get('start'), first.get('max_results'), first.get('sortBy'), first.get('sortOrder')]).toEqual(['0', '3', 'submittedDate', 'ascending']);
  });

  it('a day without a listing is recorded without asking arXiv', async () => {
    const app = await emptied();
    const report = await ingest(app, { source: 'arxiv', date: '2025-03-02' });
    expect(report.sources[0].days).toEqual([{ day: '2025-03-02', complete: true, announced: false, papers: 0, note: 'no arXiv announcement: arXiv does not announce on Saturday evenings' }]);
    expect(server.requests).toHaveLength(0);
  });

  it("arXiv's HTTP 400 with an Atom Error entry is reported as its reason in one line, not as XML", async () => {
    const app = await emptied();
    server.on(API_PATH, { status: 400, body: fixture('arxiv-api-error.xml'), headers: { 'content-type': 'application/atom+xml' } });
    const report = await ingest(app, { source: 'arxiv', date: '2025-03-03' });
    expect(report.ok).toBe(false);
    expect(report.sources[0].status).toBe('failed');
    expect(report.sources[0].errors).toEqual(['query API: arXiv refused the query: incorrect id format for 1234.12345']);
    expect(formatIngestReport(report)).not.toMatch(/<\?xml|<feed|<entry/);
    // A 400 is not retried: arXiv said no.
    expect(server.requestsTo(API_PATH)).toHaveLength(1);
  });

  it('truncated XML on a later page keeps the pages before it and reports the rest', async () => {
    const app = await emptied();
    const page2 = fixture('arxiv-api-page2.xml');
    server.on(API_PATH, (req) => ({ body: req.query.get('start') === '0' ? fixture('arxiv-api-page1.xml') : page2.slice(0, 900) }));
    const report = await ingest(app, { source: 'arxiv', date: '2025-03-03', pageSize: 3 });
    expect(report.sources[0]).toMatchObject({ status: 'partial', pages: 1, stored: { new: 3, updated: 0 } });
    expect(report.sources[0].errors[0]).toMatch(/query API: .*not well-formed XML/);
    expect(report.sources[0].days[0]).toMatchObject({ complete: false, papers: 3 });
  });
});

describe.each(STORES)('a run that fails half-way (%s)', (kind) => {
  it('keeps the pages stored before the failure, stores nothing of the failing page, and a rerun finishes the job', async () => {
    const app = await emptied(kind);
    const all = papersRange(0, 9);
    let broken = true;
    server.on(API_PATH, (req): FakeResponse => {
      const start = Number(req.query.get('start'));
      if (start === 6 && broken) return { drop: true };
      return { body: apiPage(all.slice(start, start + 3), 9, start, 3) };
    });
    const first = await ingest(app, { source: 'arxiv', date: '2025-03-03', pageSize: 3 });
    expect(first.sources[0]).toMatchObject({ status: 'partial', pages: 2, stored: { new: 6, updated: 0 } });
    expect(first.sources[0].errors[0]).toMatch(/query API: connection to .* failed.*gave up after 2 attempts/);
    expect((await getPapers(app.db, all.map((p) => p.id))).map((p) => p.id)).toEqual(all.slice(0, 6).map((p) => p.id));
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-03')).toMatchObject({ complete: false });

    broken = false;
    const rerun = await ingest(app, { source: 'arxiv', date: '2025-03-03', pageSize: 3 });
    expect(rerun.sources[0]).toMatchObject({ status: 'ok', pages: 3, stored: { new: 3, updated: 6 } });
    expect(await getPapers(app.db, all.map((p) => p.id))).toHaveLength(9);
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-03')).toMatchObject({ complete: true, paperCount: 9 });
  });

  it('a batch the database refuses is absent, earlier batches stay, and the report names the failure', async () => {
    const app = await emptied(kind);
    const all = papersRange(100, 6);
    server.on(API_PATH, (req) => {
      const start = Number(req.query.get('start'));
      return { body: apiPage(all.slice(start, start + 3), 6, start, 3) };
    });
    await app.db.execute(sql`create or replace function refuse_poison() returns trigger language plpgsql as $$
      begin if new.paper_id = '${sql.raw(all[4].id)}' then raise exception 'poisoned batch'; end if; return new; end $$`);
    await app.db.execute(sql`create trigger refuse_poison before insert on paper_sources for each row execute function refuse_poison()`);
    try {
      const report = await ingest(app, { source: 'arxiv', date: '2025-03-03', pageSize: 3 });
      expect(report.sources[0]).toMatchObject({ status: 'partial', stored: { new: 3, updated: 0 } });
      expect(report.sources[0].errors[0]).toMatch(/storing a batch of 3 papers failed, none of them stored: .*poisoned batch/);
      expect((await getPapers(app.db, all.map((p) => p.id))).map((p) => p.id)).toEqual(all.slice(0, 3).map((p) => p.id));
    } finally {
      await app.db.execute(sql`drop trigger if exists refuse_poison on paper_sources`);
    }
    const rerun = await ingest(app, { source: 'arxiv', date: '2025-03-03', pageSize: 3 });
    expect(rerun.sources[0]).toMatchObject({ status: 'ok', stored: { new: 3, updated: 3 } });
  });
});

describe('Hugging Face daily papers', () => {
  it('pages through a day, merges into arXiv papers without touching their text, refreshes popularity', async () => {
    const app = await emptied();
    server.on(FEED_PATH, { body: fixture('arxiv-feed.atom.xml') });
    await ingest(app, { source: 'arxiv' });
    serveHf('hf-daily-2025-03-04.json');
    const after = new Date('2025-03-05T02:00:00Z');
    const report = await ingest(app, { source: 'hf', date: '2025-03-04', hfPageSize: 2, now: after });
    const s = report.sources[0];
    expect(s).toMatchObject({ mode: 'daily_papers', status: 'ok', pages: 4, fetched: 6, duplicates: 1, stored: { new: 2, updated: 1 } });
    expect(s.skipped).toEqual([{ reason: 'paper id is missing' }, { id: '2503.02200', reason: 'published is not a date: "the third of March"' }]);
    expect(s.days).toEqual([{ day: '2025-03-04', complete: true, announced: true, papers: 3, note: null }]);
    expect(server.requestsTo(HF_PATH).map((r) => [r.query.get('date'), r.query.get('p'), r.query.get('limit')])).toEqual([
      ['2025-03-04', '0', '2'],
      ['2025-03-04', '1', '2'],
      ['2025-03-04', '2', '2'],
      ['2025-03-04', '3', '2'],
    ]);

    const merged = (await getPaper(app.db, '2503.02001'))!;
    expect(merged).toMatchObject({
      title: 'Chain-of-Thought Distillation for Small Models',
      upvotes: 42,
      stars: 310,
      codeUrl: 'https://github.com/example/cot-distill',
      projectUrl: 'https://example.github.io/cot-distill',
      hfComments: 3,
      keywords: ['chain-of-thought', 'distillation', 'GSM8K'],
      sources: ['arxiv', 'hf'],
    });
    expect(merged.abstract).toMatch(/^We distill/);
    // The first announcement (arXiv) counts, not the later HF feature.
    expect(merged.announcedAt?.toISOString()).toBe('2025-03-04T01:00:00.000Z');
    const hfOnly = (await getPaper(app.db, '2503.02100'))!;
    expect(hfOnly).toMatchObject({ version: null, upvotes: 17, sources: ['hf'] });
    expect(hfOnly.announcedAt?.toISOString()).toBe('2025-03-04T06:00:00.000Z');
    expect(app.search.search('world models video games').hits[0]?.id).toBe('2503.02100');
    expect((await getPaper(app.db, '2503.02300'))!.title).toBe('Robust Tokenization Under Noise');

    // Upvotes and stars refresh on the next run.
    const items = JSON.parse(fixture('hf-daily-2025-03-04.json'));
    items[0].paper.upvotes = 99;
    items[0].paper.githubStars = 400;
    server.on(HF_PATH, { body: JSON.stringify(items) });
    await ingest(app, { source: 'hf', date: '2025-03-04', now: after });
    expect(await getPaper(app.db, '2503.02001')).toMatchObject({ upvotes: 99, stars: 400, title: 'Chain-of-Thought Distillation for Small Models' });
  });

  it('today is still filling; yesterday is complete; the flat item shape is read too', async () => {
    const app = await emptied();
    server.on(HF_PATH, (req) => ({ body: req.query.get('date') === '2025-03-04' ? fixture('hf-flat.json') : '[]' }));
    const report = await ingest(app, { source: 'hf', now: new Date('2025-03-04T15:00:00Z') });
    expect(report.sources[0].days).toEqual([
      { day: '2025-03-03', complete: true, announced: false, papers: 0, note: 'no Hugging Face daily papers for this day' },
      { day: '2025-03-04', complete: false, announced: true, papers: 1, note: 'the list is still filling (1 so far)' },
    ]);
    expect(await getPaper(app.db, '2503.02400')).toMatchObject({ upvotes: 9, stars: 12, sources: ['hf'] });
  });

  it('waits out a 429 with Retry-After, and reports a source that times out on every attempt as failed', async () => {
    const app = await emptied();
    server.on(HF_PATH, [{ status: 429, headers: { 'retry-after': '0.1' }, body: 'slow down' }, { body: fixture('hf-flat.json') }]);
    const ok = await ingest(app, { source: 'hf', date: '2025-03-04' });
    expect(ok.sources[0]).toMatchObject({ status: 'ok', stored: { new: 1, updated: 0 } });

    server.on(HF_PATH, { delayMs: 3_000, body: '[]' });
    const down = await ingest(app, { source: 'hf', date: '2025-03-04', http: { ...FAST, timeoutMs: 200 } });
    expect(down.ok).toBe(false);
    expect(down.sources[0]).toMatchObject({ status: 'failed', pages: 0 });
    expect(down.sources[0].errors[0]).toMatch(/^2025-03-04: no complete answer from .* within 200 ms/);
  });
});

describe('catch-up after downtime (injected clock)', () => {
  /** The query API answers two papers per submission window, numbered by the window's end date. */
  function serveWindows(): void {
    server.on(API_PATH, (req) => {
      const to = /TO (\d{8})/.exec(req.query.get('search_query') ?? '')?.[1] ?? '0';
      return { body: apiPage(papersRange(Number(to.slice(4)) * 10, 2), 2, 0, 2), headers: { 'content-type': 'application/atom+xml' } };
    });
  }
  const windowsAsked = () => server.requestsTo(API_PATH).map((r) => /TO (\d{8})/.exec(r.query.get('search_query') ?? '')?.[1]);

  it('fetches every missed announcement day since the last stored one, records the weekend, then the feed; a rerun fetches nothing twice', async () => {
    const app = await emptied();
    const lines: string[] = [];
    app.log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    // Last complete listing: Thursday 27 February. The bot was down until Tuesday 4 March.
    await recordSourceDay(app.db, { source: 'arxiv', day: '2025-02-27', complete: true, announced: true, paperCount: 3 });
    serveWindows();
    server.on(FEED_PATH, { body: fixture('arxiv-feed.atom.xml'), headers: { 'content-type': 'application/atom+xml' } });
    const report = await ingest(app, { source: 'arxiv' });
    const s = report.sources[0];
    expect(s.days.map((d) => [d.day, d.complete, d.announced])).toEqual([
      ['2025-02-28', true, true],
      ['2025-03-01', true, false],
      ['2025-03-02', true, false],
      ['2025-03-03', true, true],
      ['2025-03-04', true, true],
    ]);
    // Friday's and Monday's listings (submissions up to Thursday and Friday 14:00 Eastern).
    expect(windowsAsked()).toEqual(['20250227', '20250228']);
    expect(s.stored.new).toBe(4 + 5);
    expect((await getPaper(app.db, '2503.12270'))?.announcedAt?.toISOString()).toBe('2025-02-28T01:00:00.000Z');
    expect(lines.filter((l) => l.includes('catching up'))).toHaveLength(1);
    expect(JSON.parse(lines.find((l) => l.includes('catching up'))!).msg).toBe('catching up 4 missed arxiv days (2025-02-28 to 2025-03-03)');

    server.requests.length = 0;
    const again = await ingest(app, { source: 'arxiv' });
    expect(windowsAsked()).toEqual([]);
    expect(again.sources[0].stored.new).toBe(0);
  });

  it('reaches back at most catchUpDays, not at all on a new install or with --date', async () => {
    const app = await emptied();
    serveWindows();
    server.on(FEED_PATH, { body: fixture('arxiv-feed.atom.xml'), headers: { 'content-type': 'application/atom+xml' } });
    await ingest(app, { source: 'arxiv' });
    expect(windowsAsked()).toEqual([]);

    await app.db.execute(sql`truncate source_days`);
    await recordSourceDay(app.db, { source: 'arxiv', day: '2025-01-02', complete: true, announced: true, paperCount: 1 });
    server.requests.length = 0;
    const report = await ingest(app, { source: 'arxiv', catchUpDays: 3 });
    expect(report.sources[0].days.map((d) => d.day)).toEqual(['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04']);
    expect(windowsAsked()).toEqual(['20250228']);

    server.requests.length = 0;
    await ingest(app, { source: 'arxiv', date: '2025-03-03' });
    expect(windowsAsked()).toEqual(['20250228']);
  });

  it('Hugging Face: the missed UTC days before yesterday, oldest first', async () => {
    const app = await emptied();
    await recordSourceDay(app.db, { source: 'hf', day: '2025-03-01', complete: true, announced: true, paperCount: 2 });
    server.on(HF_PATH, { body: '[]', headers: { 'content-type': 'application/json' } });
    const report = await ingest(app, { source: 'hf' });
    expect(server.requestsTo(HF_PATH).map((r) => r.query.get('date'))).toEqual(['2025-03-02', '2025-03-03', '2025-03-04']);
    expect(report.sources[0].days.map((d) => d.day)).toEqual(['2025-03-02', '2025-03-03', '2025-03-04']);
  });
});

describe('runIngest options', () => {
  it('refuses a bad source or date before fetching anything', async () => {
    const app = await emptied();
    await expect(ingest(app, { source: 'rss' as never })).rejects.toThrow(/unknown source "rss"/);
    await expect(ingest(app, { date: '2025-02-30' })).rejects.toThrow(/--date must be a calendar date/);
    expect(server.requests).toHaveLength(0);
  });
});
