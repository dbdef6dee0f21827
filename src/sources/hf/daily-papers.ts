import type { Fetcher } from '../http.js';
import { parseArxivId } from '../../papers/ids.js';
import type { PaperInput } from '../../papers/paper.js';
import { MalformedResponse, sourceText, type Skip, type SourceEntry } from '../entries.js';

export interface HfPage {
  entries: SourceEntry[];
  skipped: Skip[];
  /** Items in the response, good or bad (paging stops on a short page). */
  items: number;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? sourceText(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const url = (v: unknown): string | undefined => {
  const s = str(v)?.trim();
  return s && /^https?:\/\/\S+$/i.test(s) ? s : undefined;
};

function authors(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v
    // `hidden: true` hides an author's HF profile, not the authorship: they stay, in order.
    .map((a) => (typeof a === 'string' ? a : isObj(a) ? a.name : undefined))
    .filter((a): a is string => typeof a === 'string' && a.trim() !== '')
    .map(sourceText);
}

/**
 * One item of `/api/daily_papers`: usually `{paper: {...}, publishedAt, title, numComments, ...}`
 * where `publishedAt` is when HF featured it; some endpoints return the paper object flat.
 * A malformed count or link drops that field only; a missing id or title skips the item.
 */
export function hfItemToEntry(item: unknown, day: string): SourceEntry | Skip {
  if (!isObj(item)) return { reason: 'item is not an object' };
  const nested = isObj(item.paper);
  const p: Obj = nested ? (item.paper as Obj) : item;
  const rawId = typeof p.id === 'string' ? p.id : typeof p.arxivId === 'string' ? p.arxivId : undefined;
  if (!rawId) return { reason: 'paper id is missing' };
  const ref = parseArxivId(rawId);
  if (!ref) return { id: rawId.slice(0, 60), reason: `not an arXiv id: ${JSON.stringify(rawId.slice(0, 60))}` };
  // When HF featured it; a missing or unreadable time falls back to the day asked for.
  const when = str(p.submittedOnDailyAt) ?? (nested ? str(item.publishedAt) : undefined);
  const featured = when && !Number.isNaN(Date.parse(when)) ? when : `${day}T00:00:00Z`;
  const keywords = Array.isArray(p.ai_keywords) ? p.ai_keywords.filter((k): k is string => typeof k === 'string').map(sourceText) : undefined;
  const input: Partial<PaperInput> = {
    id: ref.id,
    // HF ids carry no version: the arXiv text, when we have it, is never replaced by this one.
    title: typeof p.title === 'string' ? sourceText(p.title) : typeof item.title === 'string' ? sourceText(item.title) : undefined,
    abstract: typeof p.summary === 'string' ? sourceText(p.summary) : typeof item.summary === 'string' ? sourceText(item.summary) : undefined,
    authors: authors(p.authors),
    published: typeof p.publishedAt === 'string' ? p.publishedAt : undefined,
    announced: featured,
    upvotes: num(p.upvotes) ?? num(item.upvotes),
    stars: num(p.githubStars),
    codeUrl: url(p.githubRepo),
    projectUrl: url(p.projectPage),
    hfSummary: str(p.ai_summary),
    keywords,
    hfComments: num(item.numComments) ?? num(p.numComments),
    source: 'hf',
  };
  return { ref: ref.id, input, links: { abs: `https://arxiv.org/abs/${ref.id}` } };
}

/** Parse one response of `/api/daily_papers?date=...`. */
export function parseDailyPapers(body: string, day: string): HfPage {
  const head = body.slice(0, 256).trimStart().toLowerCase();
  if (head.startsWith('<')) {
    const title = body.match(/<title[^>]*>([^<]{0,120})/i)?.[1]?.trim();
    throw new MalformedResponse(`expected JSON from Hugging Face, got ${head.startsWith('<!doctype html') || head.startsWith('<html') ? 'an HTML page' : 'markup'}${title ? ` ("${title}")` : ''}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    throw new MalformedResponse(`Hugging Face response is not valid JSON (${(e as Error).message.slice(0, 80)}); it may be truncated`);
  }
  if (isObj(data) && typeof data.error === 'string') throw new MalformedResponse(`Hugging Face API error: ${data.error.slice(0, 200)}`);
  if (!Array.isArray(data)) throw new MalformedResponse(`expected a JSON array of daily papers, got ${data === null ? 'null' : typeof data}`);
  const entries: SourceEntry[] = [];
  const skipped: Skip[] = [];
  for (const item of data) {
    const r = hfItemToEntry(item, day);
    if ('reason' in r) skipped.push(r);
    else entries.push(r);
  }
  return { entries, skipped, items: data.length };
}

export interface DailyPapersPage extends HfPage {
  url: string;
  page: number;
}

/**
 * `/api/daily_papers?date=D&limit=N&p=K`, page by page until a short page, a page identical to
 * the one before (an endpoint that ignores `p`), or maxPages.
 */
export async function* dailyPapersPages(
  fetcher: Fetcher,
  o: { baseUrl: string; day: string; pageSize?: number; maxPages?: number },
): AsyncGenerator<DailyPapersPage> {
  const pageSize = o.pageSize ?? 100;
  const maxPages = o.maxPages ?? 10;
  let previous = '';
  for (let page = 0; page < maxPages; page++) {
    const params = new URLSearchParams({ date: o.day, limit: String(pageSize), p: String(page) });
    const url = `${o.baseUrl.replace(/\/+$/, '')}/api/daily_papers?${params}`;
    const body = (await fetcher.get(url, { accept: 'application/json' })).body;
    // An endpoint that ignores `p` answers the same page again: stop rather than loop.
    if (page > 0 && body === previous) break;
    previous = body;
    const parsed = parseDailyPapers(body, o.day);
    yield { ...parsed, url, page };
    if (parsed.items < pageSize) break;
  }
}
