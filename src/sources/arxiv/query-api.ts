import { FetchError, type Fetcher } from '../http.js';
import { MalformedResponse } from '../entries.js';
import { ArxivRefused, arxivErrorReason, parseQueryPage, type ArxivPage } from './atom.js';

export const DEFAULT_CATEGORIES = ['cs.CL', 'cs.LG', 'cs.AI', 'cs.CV'];
const ATOM = 'application/atom+xml, application/xml;q=0.9, text/xml;q=0.8';

export interface QueryApiOptions {
  baseUrl: string;
  categories: string[];
  /** Submission time window (the API's submittedDate filter, in GMT). */
  window: { from: Date; to: Date };
  /** Entries per request (arXiv allows up to 2,000; smaller pages keep each transaction small). */
  pageSize?: number;
  /** Stop after this many entries in one run. */
  maxResults?: number;
  /** arXiv sometimes answers an in-range page with no entries; ask again this many times. */
  emptyPageRetries?: number;
}

export interface QueryPage extends ArxivPage {
  url: string;
  start: number;
}

/** `202401051900`: the API's date format (GMT, to the minute). */
function apiTime(d: Date): string {
  return d.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

export function buildQueryUrl(baseUrl: string, categories: string[], window: { from: Date; to: Date }, start: number, max: number): string {
  const cats = categories.map((c) => `cat:${c}`).join(' OR ');
  const q = `(${cats}) AND submittedDate:[${apiTime(window.from)} TO ${apiTime(window.to)}]`;
  const params = new URLSearchParams({ search_query: q, start: String(start), max_results: String(max), sortBy: 'submittedDate', sortOrder: 'ascending' });
  return `${baseUrl}?${params}`;
}

/** One page's body; arXiv's HTTP 400 answer becomes its own reason, not the raw XML. */
async function getPage(fetcher: Fetcher, url: string): Promise<string> {
  try {
    return (await fetcher.get(url, { accept: ATOM })).body;
  } catch (e) {
    const reason = e instanceof FetchError && e.status === 400 && e.body ? arxivErrorReason(e.body) : null;
    if (reason !== null) throw new ArxivRefused(`arXiv refused the query: ${reason}`);
    throw e;
  }
}

/**
 * The query API, page by page (start / max_results), as long as opensearch:totalResults says
 * there is more. Each page is yielded before the next is asked for, so the caller can store it
 * in its own transaction. A page that fails ends the generator with the error.
 */
export async function* queryApiPages(fetcher: Fetcher, o: QueryApiOptions): AsyncGenerator<QueryPage> {
  const pageSize = o.pageSize ?? 200;
  const maxResults = o.maxResults ?? 5_000;
  const emptyRetries = o.emptyPageRetries ?? 2;
  let start = 0;
  let total: number | null = null;
  while (start < maxResults && (total === null || start < total)) {
    const max = Math.min(pageSize, maxResults - start);
    const url = buildQueryUrl(o.baseUrl, o.categories, o.window, start, max);
    let page: ArxivPage | null = null;
    for (let n = 0; n <= emptyRetries; n++) {
      page = parseQueryPage(await getPage(fetcher, url));
      total = page.totalResults ?? total;
      const raw = page.entries.length + page.skipped.length;
      if (raw > 0 || total === null || start >= total) break;
      if (n === emptyRetries) throw new MalformedResponse(`arXiv answered an empty page at start=${start} of ${total} results ${emptyRetries + 1} times`);
    }
    const raw = page!.entries.length + page!.skipped.length;
    yield { ...page!, url, start };
    if (raw === 0) break;
    start += max;
    if (total === null && raw < max) break;
  }
}
