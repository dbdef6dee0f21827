import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { AddResult } from '../library/add.js';
import type { Logger } from '../log.js';
import { InvalidPaper, normalizePaper, type PaperRecord } from '../papers/normalize.js';
import type { PaperInput } from '../papers/paper.js';
import { fetchAnnouncementFeed } from './arxiv/feed.js';
import type { ArxivEntry } from './arxiv/atom.js';
import { DEFAULT_CATEGORIES, queryApiPages } from './arxiv/query-api.js';
import {
  addDays,
  arxivAnnouncementFor,
  arxivSubmissionWindow,
  describeArxivDay,
  easternDay,
  hfDayComplete,
  isDay,
  latestArxivAnnouncement,
  utcDay,
} from './calendar.js';
import type { Skip, SourceEntry } from './entries.js';
import { dailyPapersPages } from './hf/daily-papers.js';
import { createFetcher, type Fetcher, type FetcherOptions } from './http.js';
import { emptySourceReport, type DayStatus, type IngestReport, type SourceName, type SourceReport } from './report.js';
import { recordIngest, type Metrics } from '../observability/metrics.js';
import { recordSourceDay } from './source-days.js';
import { ARXIV_HOLIDAYS } from './arxiv-holidays.js';
import { announceCatchUp, DEFAULT_CATCH_UP_DAYS, missedDays } from './catch-up.js';

/** What ingestion needs: where the sources are, and the one way papers enter the library. */
export interface IngestDeps {
  config: Pick<Config, 'ARXIV_FEED_URL' | 'ARXIV_API_URL' | 'HF_API_URL'> & Partial<Pick<Config, 'INGEST_CATCH_UP_DAYS'>>;
  db: Db;
  log: Logger;
  metrics: Metrics;
  addPapers(records: PaperRecord[]): Promise<AddResult>;
}

export interface IngestOptions {
  source?: SourceName | 'all';
  /** arXiv: a listing day (the date arXiv prints); HF: the featured day (UTC). Default: the latest. */
  date?: string;
  /** The clock (tests pin it). */
  now?: Date;
  categories?: string[];
  /** auto: the announcement feed for the latest listing day (query API if the feed fails), the query API for older days. */
  arxivMode?: 'auto' | 'feed' | 'api';
  http?: FetcherOptions;
  /** Use this fetcher instead of creating (and closing) one. */
  fetcher?: Fetcher;
  /** Query API entries per request (default 200). */
  pageSize?: number;
  /** Query API entries per run. */
  maxResults?: number;
  hfPageSize?: number;
  hfMaxPages?: number;
  /** Feed entries per transaction (the feed is one response; it is stored in batches). */
  batchSize?: number;
  /** An announcement not in the feed this long after 20:00 Eastern is reported late, not "due". */
  lateAfterMs?: number;
  /** After a UTC day ends, HF's list for it is complete once this grace has passed. */
  hfGraceMs?: number;
  holidays?: readonly string[];
  /** Without `date`: also fetch the days missed since the last complete one, this many days back at most (default INGEST_CATCH_UP_DAYS, 14). */
  catchUpDays?: number;
}

export class IngestUsageError extends Error {}

/** The database refused a batch: nothing of it was stored (one transaction). */
export class StoreFailed extends Error {
  override name = 'StoreFailed';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Normalizes, skips what is malformed (with the reason), drops what this run already stored,
 * and stores the rest in one transaction (app.addPapers: TL;DR, upsert, search index).
 */
class BatchWriter {
  /** id -> highest version stored in this run (0 when unversioned). */
  private seen = new Map<string, number>();

  constructor(
    private app: IngestDeps,
    private report: SourceReport,
  ) {}

  async write(entries: SourceEntry[], source: SourceName, skipped: Skip[] = []): Promise<PaperRecord[]> {
    this.report.fetched += entries.length + skipped.length;
    this.report.skipped.push(...skipped);
    const records: PaperRecord[] = [];
    const inBatch = new Map<string, number>();
    for (const e of entries) {
      let r: PaperRecord;
      try {
        r = normalizePaper(e.input as PaperInput, source);
      } catch (err) {
        if (!(err instanceof InvalidPaper)) throw err;
        this.report.skipped.push({ id: e.ref, reason: err.message });
        continue;
      }
      const v = r.version ?? 0;
      const before = Math.max(this.seen.get(r.id) ?? -1, inBatch.get(r.id) ?? -1);
      if (before >= v) {
        this.report.duplicates++;
        continue;
      }
      inBatch.set(r.id, v);
      records.push(r);
    }
    if (records.length === 0) return records;
    let result: AddResult;
    try {
      result = await this.app.addPapers(records);
    } catch (e) {
      // drizzle wraps the driver's error ("Failed query: <sql> params: ..."): the cause says why.
      const cause = (e as { cause?: unknown }).cause;
      throw new StoreFailed(`storing a batch of ${records.length} papers failed, none of them stored: ${errorText(cause ?? e).slice(0, 300)}`);
    }
    // Only after the commit: a failed batch leaves nothing counted as seen.
    for (const [id, v] of inBatch) this.seen.set(id, Math.max(v, this.seen.get(id) ?? -1));
    this.report.stored.new += result.inserted;
    this.report.stored.updated += result.updated;
    return records;
  }
}

function catchUpDays(app: IngestDeps, o: IngestOptions): number {
  return o.catchUpDays ?? app.config.INGEST_CATCH_UP_DAYS ?? DEFAULT_CATCH_UP_DAYS;
}

function finish(report: SourceReport, okPages: number): SourceReport {
  report.status = report.errors.length === 0 ? 'ok' : okPages > 0 ? 'partial' : 'failed';
  return report;
}

async function markDay(app: IngestDeps, source: SourceName, report: SourceReport, d: DayStatus): Promise<void> {
  await recordSourceDay(app.db, { source, day: d.day, complete: d.complete, announced: d.announced, paperCount: d.papers, note: d.note });
  report.days.push(d);
}

const isReplace = (e: ArxivEntry) => e.announceType === 'replace' || e.announceType === 'replace-cross';

async function arxivFromFeed(app: IngestDeps, fetcher: Fetcher, o: Required<Pick<IngestOptions, 'categories' | 'batchSize' | 'lateAfterMs'>> & { now: Date; day: string }, report: SourceReport): Promise<void> {
  const feed = await fetchAnnouncementFeed(fetcher, { baseUrl: app.config.ARXIV_FEED_URL, categories: o.categories });
  report.pages++;
  // The listing day the feed is for: its entries say (all share one `published` date).
  const byDay = new Map<string, number>();
  for (const e of feed.entries) if (e.listingDay) byDay.set(e.listingDay, (byDay.get(e.listingDay) ?? 0) + 1);
  const feedDay = [...byDay.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  for (const e of feed.entries) {
    const listing = e.listingDay ?? feedDay;
    // A replacement is not a new paper: it keeps the announcement date the paper already has.
    if (listing && !isReplace(e)) e.input.announced = arxivAnnouncementFor(listing).at.toISOString();
  }
  report.skipped.push(...feed.skipped);
  report.fetched += feed.skipped.length;
  const writer = new BatchWriter(app, report);
  for (let i = 0; i < feed.entries.length; i += o.batchSize) {
    await writer.write(feed.entries.slice(i, i + o.batchSize), 'arxiv');
  }
  const due = arxivAnnouncementFor(o.day).at;
  if (feedDay && feedDay >= o.day) {
    await markDay(app, 'arxiv', report, { day: feedDay, complete: true, announced: true, papers: byDay.get(feedDay) ?? 0, note: null });
  } else {
    const late = o.now.getTime() > due.getTime() + o.lateAfterMs;
    const shows = feedDay ? `the feed still lists ${feedDay}` : 'the feed is empty';
    const note = late ? `late: announcement was due ${due.toISOString()}, ${shows}` : `announcement due ${due.toISOString()}, ${shows}`;
    await markDay(app, 'arxiv', report, { day: o.day, complete: false, announced: true, papers: 0, note });
  }
}

async function arxivFromApi(app: IngestDeps, fetcher: Fetcher, o: IngestOptions & { categories: string[]; day: string; holidays: readonly string[] }, report: SourceReport): Promise<number> {
  const window = arxivSubmissionWindow(o.day, o.holidays);
  const announced = arxivAnnouncementFor(o.day).at.toISOString();
  const writer = new BatchWriter(app, report);
  const errorsBefore = report.errors.length;
  let okPages = 0;
  let papers = 0;
  try {
    for await (const page of queryApiPages(fetcher, { baseUrl: app.config.ARXIV_API_URL, categories: o.categories, window, pageSize: o.pageSize, maxResults: o.maxResults })) {
      report.pages++;
      // The window is one listing's submissions: they were announced with it (not at submission).
      for (const e of page.entries) e.input.announced = announced;
      papers += (await writer.write(page.entries, 'arxiv', page.skipped)).length;
      okPages++;
    }
  } catch (e) {
    report.errors.push(`query API: ${errorText(e)}`);
  }
  const note = `from the query API: submissions ${window.from.toISOString()} to ${window.to.toISOString()}`;
  const complete = report.errors.length === errorsBefore;
  await markDay(app, 'arxiv', report, { day: o.day, complete, announced: true, papers, note: complete ? note : `${note}; stopped: ${report.errors.at(-1)}` });
  return okPages;
}

async function runArxiv(app: IngestDeps, fetcher: Fetcher, o: IngestOptions & { now: Date }): Promise<SourceReport> {
  const holidays = o.holidays ?? ARXIV_HOLIDAYS;
  const categories = o.categories ?? DEFAULT_CATEGORIES;
  const latest = latestArxivAnnouncement(o.now, holidays);
  const day = o.date ?? latest.listingDay;
  const mode = o.arxivMode ?? 'auto';
  const useFeed = mode === 'feed' || (mode === 'auto' && day === latest.listingDay);
  const report = emptySourceReport('arxiv', useFeed ? 'feed' : 'api');

  // Days missed while the bot was down come from the query API, oldest first, before today's feed.
  if (!o.date) {
    const missed = await missedDays(app.db, 'arxiv', latest.listingDay, catchUpDays(app, o));
    const bar = announceCatchUp(app.log, 'arxiv', missed);
    for (const [i, d] of missed.entries()) {
      const plainDay = describeArxivDay(d, holidays);
      if (plainDay.announced) await arxivFromApi(app, fetcher, { ...o, categories, day: d, holidays }, report);
      else await markDay(app, 'arxiv', report, { day: d, complete: true, announced: false, papers: 0, note: plainDay.reason });
      bar?.tick(i + 1);
    }
    bar?.end();
  }

  // Days without a listing are recorded as such, so a digest can say so plainly.
  const plain = describeArxivDay(day, holidays);
  const today = easternDay(o.now);
  if (!o.date && today !== day && !describeArxivDay(today, holidays).announced) {
    await markDay(app, 'arxiv', report, { day: today, complete: true, announced: false, papers: 0, note: describeArxivDay(today, holidays).reason });
  }
  if (!plain.announced) {
    await markDay(app, 'arxiv', report, { day, complete: true, announced: false, papers: 0, note: plain.reason });
    return report;
  }
  if (day > latest.listingDay) {
    const due = arxivAnnouncementFor(day).at;
    await markDay(app, 'arxiv', report, { day, complete: false, announced: true, papers: 0, note: `not announced yet: due ${due.toISOString()}` });
    return report;
  }

  if (useFeed) {
    try {
      await arxivFromFeed(app, fetcher, { categories, now: o.now, day, batchSize: o.batchSize ?? 500, lateAfterMs: o.lateAfterMs ?? 4 * 3_600_000 }, report);
      return finish(report, 1);
    } catch (e) {
      if (e instanceof StoreFailed) {
        report.errors.push(e.message);
        return finish(report, report.stored.new + report.stored.updated);
      }
      report.errors.push(`announcement feed: ${errorText(e)}`);
      if (mode === 'feed') {
        await markDay(app, 'arxiv', report, { day, complete: false, announced: true, papers: 0, note: `feed failed: ${errorText(e)}` });
        return finish(report, 0);
      }
      report.mode = 'feed, then api';
    }
  }
  // A feed failure rescued by the query API ends as 'partial', not 'failed'.
  const okPages = await arxivFromApi(app, fetcher, { ...o, categories, day, holidays }, report);
  return finish(report, okPages);
}

async function runHf(app: IngestDeps, fetcher: Fetcher, o: IngestOptions & { now: Date }): Promise<SourceReport> {
  const report = emptySourceReport('hf', 'daily_papers');
  const today = utcDay(o.now);
  // Yesterday's list may still have grown after our last run; today's is filling.
  const missed = o.date ? [] : await missedDays(app.db, 'hf', addDays(today, -1), catchUpDays(app, o));
  const bar = announceCatchUp(app.log, 'hf', missed);
  const days = o.date ? [o.date] : [...missed, addDays(today, -1), today];
  const writer = new BatchWriter(app, report);
  let okPages = 0;
  for (const day of days) {
    if (day > today) {
      report.days.push({ day, complete: false, announced: true, papers: 0, note: 'in the future' });
      continue;
    }
    let papers = 0;
    let failed: string | null = null;
    try {
      for await (const page of dailyPapersPages(fetcher, { baseUrl: app.config.HF_API_URL, day, pageSize: o.hfPageSize, maxPages: o.hfMaxPages })) {
        report.pages++;
        papers += (await writer.write(page.entries, 'hf', page.skipped)).length;
        okPages++;
      }
    } catch (e) {
      failed = errorText(e);
      report.errors.push(`${day}: ${failed}`);
    }
    const complete = !failed && hfDayComplete(day, o.now, o.hfGraceMs);
    const note = failed
      ? `fetch failed: ${failed}`
      : complete
        ? papers === 0
          ? 'no Hugging Face daily papers for this day'
          : null
        : `the list is still filling (${papers} so far)`;
    await markDay(app, 'hf', report, { day, complete, announced: !(complete && papers === 0), papers, note });
    if (missed.includes(day)) bar?.tick(missed.indexOf(day) + 1);
  }
  bar?.end();
  return finish(report, okPages);
}

/**
 * Fetch from the sources now and store what they say. Used by `paperbot ingest` and by the
 * scheduled ingest job. Never throws for a source's failure: the report says what happened.
 */
export async function runIngest(app: IngestDeps, options: IngestOptions = {}): Promise<IngestReport> {
  const source = options.source ?? 'all';
  if (!['arxiv', 'hf', 'all'].includes(source)) throw new IngestUsageError(`unknown source "${source}": use arxiv or hf`);
  if (options.date !== undefined && !isDay(options.date)) throw new IngestUsageError(`--date must be a calendar date YYYY-MM-DD, got "${options.date}"`);
  const now = options.now ?? new Date();
  const startedAt = new Date().toISOString();
  const fetcher = options.fetcher ?? createFetcher(options.http);
  const sources: SourceReport[] = [];
  try {
    for (const name of source === 'all' ? (['arxiv', 'hf'] as const) : [source]) {
      const run = name === 'arxiv' ? runArxiv : runHf;
      try {
        const r = await run(app, fetcher, { ...options, now });
        sources.push(r);
        recordIngest(app.metrics, name, r);
        app.log.info({ source: name, status: r.status, fetched: r.fetched, new: r.stored.new, updated: r.stored.updated, skipped: r.skipped.length, errors: r.errors }, 'ingest finished');
      } catch (e) {
        // Only the database can fail here (fetch and parse errors are caught per source).
        const r = emptySourceReport(name, 'unknown');
        r.errors.push(errorText(e));
        sources.push(finish(r, 0));
        app.log.error({ source: name, err: e }, 'ingest failed');
      }
    }
  } finally {
    if (!options.fetcher) await fetcher.close();
  }
  return { ok: sources.every((s) => s.status !== 'failed'), startedAt, finishedAt: new Date().toISOString(), sources };
}
