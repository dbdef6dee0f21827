import { Agent, request } from 'undici';

/** Knobs of the polite fetcher. Defaults are the real values; tests shrink them. */
export interface FetcherOptions {
  /** Minimum gap between two requests to the same host (arXiv asks for 3 s). */
  minIntervalMs?: number;
  /** One attempt may take at most this long, headers and body together. */
  timeoutMs?: number;
  /** Retries after the first attempt (so at most retries + 1 requests per call). */
  retries?: number;
  /** First backoff; doubles each retry, with jitter, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails and says so. */
  maxRetryAfterMs?: number;
  /** Bodies larger than this are refused (checked on Content-Length and while streaming). */
  maxBytes?: number;
  userAgent?: string;
}

export const DEFAULT_FETCHER_OPTIONS: Required<FetcherOptions> = {
  minIntervalMs: 3_000,
  timeoutMs: 30_000,
  retries: 4,
  backoffMs: 2_000,
  maxBackoffMs: 60_000,
  maxRetryAfterMs: 120_000,
  maxBytes: 20 * 1024 * 1024,
  userAgent: 'paperbot/0.1 (+https://github.com/paperbot; ingestion)',
};

export type FetchErrorKind = 'status' | 'timeout' | 'network' | 'too-large' | 'retry-after-too-long';

/** A request that did not give a usable body, after every retry it deserved. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: FetchErrorKind,
    readonly url: string,
    readonly attempts: number,
    readonly status?: number,
    /** The refusing response's body (a 4xx may explain itself, as arXiv's Atom error does). */
    readonly body?: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchResult {
  url: string;
  status: number;
  contentType: string;
  body: string;
  attempts: number;
}

export interface Fetcher {
  get(url: string, options?: { accept?: string }): Promise<FetchResult>;
  close(): Promise<void>;
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After is either seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Where a URL is safe to show: no query credentials, shortened. */
function shown(url: string): string {
  return url.length > 200 ? url.slice(0, 197) + '...' : url;
}

class TooLarge extends Error {}

/**
 * A polite HTTP GET client: one keep-alive connection per host (undici Agent with
 * connections: 1), a minimum interval between requests to the same host, a time limit per
 * attempt, bounded retries with exponential backoff on 5xx/429/time-outs, Retry-After honored,
 * and a body size limit enforced while streaming. The retry loop is written here rather than
 * using undici's RetryAgent so every retry also waits its turn in the per-host interval.
 */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const o = { ...DEFAULT_FETCHER_OPTIONS, ...options };
  const agent = new Agent({
    connections: 1,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
  });
  // host -> the earliest time the next request may start, and a chain that serializes turns.
  const nextAt = new Map<string, number>();
  const turns = new Map<string, Promise<void>>();

  /**
   * Wait for this host's turn: requests to one host run one after another, and the next starts
   * minIntervalMs after the previous one finished (so the server sees the gap, whatever the
   * network did). Returns the function that ends the turn.
   */
  async function takeTurn(host: string): Promise<() => void> {
    const previous = turns.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    turns.set(host, previous.then(() => mine));
    await previous;
    const wait = (nextAt.get(host) ?? 0) - Date.now();
    if (wait > 0) await sleep(wait);
    return () => {
      pushBack(host, o.minIntervalMs);
      release();
    };
  }

  function pushBack(host: string, ms: number) {
    nextAt.set(host, Math.max(nextAt.get(host) ?? 0, Date.now() + ms));
  }

  async function attempt(url: string, accept: string): Promise<{ status: number; contentType: string; body: string; retryAfter: number | null }> {
    const signal = AbortSignal.timeout(o.timeoutMs);
    const res = await request(url, {
      dispatcher: agent,
      method: 'GET',
      headers: { 'user-agent': o.userAgent, accept },
      signal,
    });
    const contentType = String(res.headers['content-type'] ?? '');
    const retryAfter = parseRetryAfter(res.headers['retry-after']);
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      res.body.destroy();
      throw new TooLarge(`response declares ${declared} bytes, over the ${o.maxBytes}-byte limit`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > o.maxBytes) {
        res.body.destroy();
        throw new TooLarge(`response passed the ${o.maxBytes}-byte limit while streaming; refused`);
      }
      chunks.push(chunk as Buffer);
    }
    return { status: res.statusCode, contentType, body: Buffer.concat(chunks).toString('utf8'), retryAfter };
  }

  function backoff(n: number): number {
    const base = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** n);
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }

  return {
    async get(url, { accept = '*/*' } = {}) {
      const host = new URL(url).host;
      let last: FetchError | null = null;
      for (let n = 0; n <= o.retries; n++) {
        const endTurn = await takeTurn(host);
        const attempts = n + 1;
        try {
          const r = await attempt(url, accept);
          if (r.status >= 200 && r.status < 300) return { url, status: r.status, contentType: r.contentType, body: r.body, attempts };
          const snippet = r.body.replace(/\s+/g, ' ').slice(0, 120);
          last = new FetchError(`HTTP ${r.status} from ${shown(url)}${snippet ? `: ${snippet}` : ''}`, 'status', url, attempts, r.status, r.body);
          if (!RETRY_STATUS.has(r.status)) throw last;
          if (r.retryAfter !== null) {
            if (r.retryAfter > o.maxRetryAfterMs) {
              throw new FetchError(`HTTP ${r.status} from ${shown(url)} asks to wait ${Math.round(r.retryAfter / 1000)} s (Retry-After), longer than we wait`, 'retry-after-too-long', url, attempts, r.status);
            }
            pushBack(host, r.retryAfter);
          } else {
            pushBack(host, backoff(n));
          }
        } catch (e) {
          if (e instanceof FetchError) throw e;
          if (e instanceof TooLarge) throw new FetchError(e.message, 'too-large', url, attempts);
          const err = e as Error & { code?: string };
          const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError' || /TIMEOUT/.test(err.code ?? '');
          last = timedOut
            ? new FetchError(`no complete answer from ${shown(url)} within ${o.timeoutMs} ms`, 'timeout', url, attempts)
            : new FetchError(`connection to ${shown(url)} failed: ${err.code ?? err.message}`, 'network', url, attempts);
          pushBack(host, backoff(n));
        } finally {
          endTurn();
        }
      }
      const tries = o.retries + 1;
      if (!last) throw new FetchError(`no answer from ${shown(url)}`, 'network', url, tries);
      throw new FetchError(`${last.message} (gave up after ${tries} attempts)`, last.kind, url, tries, last.status);
    },
    async close() {
      await agent.close();
    },
  };
}
