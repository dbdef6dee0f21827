import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, FetchError, parseRetryAfter, type FetcherOptions } from '../../src/sources/http.js';
import { startSourceServer, type SourceServer } from '../fakes/source-server.js';

// Real code paths, short clocks: the defaults (3 s, 30 s, ...) are only shrunk here.
const FAST: FetcherOptions = { minIntervalMs: 40, timeoutMs: 400, retries: 3, backoffMs: 10, maxBackoffMs: 40, maxRetryAfterMs: 2_000 };

let server: SourceServer;
beforeAll(async () => {
  server = await startSourceServer();
});
afterAll(async () => {
  await server.close();
});

async function withFetcher<T>(options: FetcherOptions, fn: (f: ReturnType<typeof createFetcher>) => Promise<T>): Promise<T> {
  const f = createFetcher(options);
  try {
    return await fn(f);
  } finally {
    await f.close();
  }
}

describe('polite fetcher', () => {
  it('sends one request at a time on one kept-alive connection, at least minIntervalMs apart, even when called concurrently', async () => {
    server.on('/polite', { body: 'ok' });
    await withFetcher(FAST, async (f) => {
      const bodies = await Promise.all([1, 2, 3, 4].map(() => f.get(`${server.url}/polite`)));
      expect(bodies.map((b) => b.body)).toEqual(['ok', 'ok', 'ok', 'ok']);
    });
    const reqs = server.requestsTo('/polite');
    expect(reqs).toHaveLength(4);
    expect(new Set(reqs.map((r) => r.socket)).size).toBe(1);
    for (let i = 1; i < reqs.length; i++) expect(reqs[i].at - reqs[i - 1].at).toBeGreaterThanOrEqual(FAST.minIntervalMs! - 5);
    expect(reqs[0].headers['user-agent']).toMatch(/^paperbot\//);
  });

  it('honors Retry-After on 429 and 503, then succeeds', async () => {
    server.on('/busy', [
      { status: 429, headers: { 'retry-after': '0.3' }, body: 'Rate exceeded.' },
      { status: 503, headers: { 'retry-after': '0.2' }, body: '<html>busy</html>' },
      { body: 'finally' },
    ]);
    const r = await withFetcher(FAST, (f) => f.get(`${server.url}/busy`));
    expect(r).toMatchObject({ body: 'finally', attempts: 3 });
    const reqs = server.requestsTo('/busy');
    // The waits asked for were kept (lower bounds only: the test never asserts speed).
    expect(reqs[1].at - reqs[0].at).toBeGreaterThanOrEqual(295);
    expect(reqs[2].at - reqs[1].at).toBeGreaterThanOrEqual(195);
  });

  it('gives up at once when Retry-After asks for longer than it is willing to wait', async () => {
    server.on('/later', { status: 503, headers: { 'retry-after': '3600' } });
    const e = await withFetcher(FAST, (f) => f.get(`${server.url}/later`)).catch((x) => x);
    expect(e).toBeInstanceOf(FetchError);
    expect(e).toMatchObject({ kind: 'retry-after-too-long', status: 503, attempts: 1 });
    expect(e.message).toMatch(/asks to wait 3600 s/);
    expect(server.requestsTo('/later')).toHaveLength(1);
  });

  it('retries 5xx a bounded number of times, then fails naming the status', async () => {
    server.on('/broken', { status: 500, body: 'Internal Server Error' });
    const e = await withFetcher(FAST, (f) => f.get(`${server.url}/broken`)).catch((x) => x);
    expect(e).toMatchObject({ kind: 'status', status: 500, attempts: 4 });
    expect(e.message).toMatch(/HTTP 500 .*Internal Server Error.*gave up after 4 attempts/);
    expect(server.requestsTo('/broken')).toHaveLength(4);
  });

  it('does not retry a 404', async () => {
    const e = await withFetcher(FAST, (f) => f.get(`${server.url}/nowhere`)).catch((x) => x);
    expect(e).toMatchObject({ kind: 'status', status: 404, attempts: 1 });
    expect(server.requestsTo('/nowhere')).toHaveLength(1);
  });

  it('times out a stalled server and retries; a later prompt answer is used', async () => {
    server.on('/slow', [{ delayMs: 2_000, body: 'too late' }, { body: 'in time' }]);
    const r = await withFetcher(FAST, (f) => f.get(`${server.url}/slow`));
    expect(r).toMatchObject({ body: 'in time', attempts: 2 });
  });

  it('reports a time-out when every attempt stalls', async () => {
    server.on('/stalled', { delayMs: 2_000, body: 'never' });
    const e = await withFetcher({ ...FAST, retries: 1 }, (f) => f.get(`${server.url}/stalled`)).catch((x) => x);
    expect(e).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(e.message).toMatch(/within 400 ms/);
  });

  it('retries a dropped connection', async () => {
    server.on('/flaky', [{ drop: true }, { body: 'back' }]);
    const r = await withFetcher(FAST, (f) => f.get(`${server.url}/flaky`));
    expect(r).toMatchObject({ body: 'back', attempts: 2 });
  });

  it('refuses a 50 MB streamed body at the 20 MB default limit, without retrying', async () => {
    server.on('/huge', { streamBytes: 50 * 1024 * 1024 });
    const e = await withFetcher({ ...FAST, timeoutMs: 20_000 }, (f) => f.get(`${server.url}/huge`)).catch((x) => x);
    expect(e).toMatchObject({ kind: 'too-large', attempts: 1 });
    expect(e.message).toMatch(/passed the 20971520-byte limit while streaming; refused/);
    expect(server.requestsTo('/huge')).toHaveLength(1);
  });

  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    server.on('/declared', { streamBytes: 50 * 1024 * 1024, declareLength: true });
    const e = await withFetcher({ ...FAST, timeoutMs: 20_000 }, (f) => f.get(`${server.url}/declared`)).catch((x) => x);
    expect(e).toMatchObject({ kind: 'too-large' });
    expect(e.message).toMatch(/declares 52428800 bytes/);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-03-04T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 04 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
