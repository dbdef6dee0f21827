import { Writable } from 'node:stream';
import { eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { llmSummaries } from '../../src/db/schema.js';
import { REDACT_PATHS } from '../../src/log.js';
import { addPapers } from '../../src/library/add.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { getPaper } from '../../src/papers/store.js';
import { createSearchIndex } from '../../src/search/create.js';
import { summarizePapersWithLlm, type LlmSummaryOptions } from '../../src/summarize/llm-summaries.js';
import { freshDatabase, STORES, type StoreKind } from '../helpers/db.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/llm-server.js';

const KEY = 'sk-live-DO-NOT-LOG-4242';

// One database per store for the file (migrations are the slow part); each test adds its own
// six papers under fresh arXiv ids, so tests never see each other's rows.
let batch = 0;
function papers() {
  batch++;
  return Array.from({ length: 6 }, (_, i) => ({
    id: `24${String(batch).padStart(2, '0')}.0000${i}v1`,
    title: `Paper number ${i}: fast decoding`,
    abstract: `Decoding is slow. We propose Method${i}, a decoder that skips layers. It runs ${i + 2}.5x faster on CNN/DM.`,
  }));
}

// Fast retries: only the waits are skipped, the requests are real. One request at a time here:
// test/helpers/db.ts drops the PostgreSQL database while pg-pool may still be closing idle
// clients, which surfaces as an unhandled 57P01 when a run opened several. Concurrency has its
// own test below.
const FAST: LlmSummaryOptions = { timeoutMs: 1_000, maxAttempts: 2, concurrency: 1, sleep: async () => {} };

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});

function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream), text: () => lines.join('') };
}

/**
 * The hooks every block here needs: a database of this kind for the block, and before each test six
 * fresh papers added and the fake's request log emptied. The current ones are read off the result.
 */
function papersForEachTest(kind: StoreKind) {
  const current = {} as { database: Database; papers: ReturnType<typeof papers>; ids: string[] };
  beforeAll(async () => {
    current.database = await freshDatabase(kind);
  });
  afterAll(async () => {
    await current.database.close();
  });
  beforeEach(async () => {
    current.papers = papers();
    current.ids = current.papers.map((p) => p.id.replace(/v\d+$/, ''));
    await addPapers({ db: current.database.db, search: createSearchIndex() }, current.papers.map((p) => normalizePaper(p)));
    server.requests.length = 0;
  });
  return current;
}

describe.each(STORES)('summarizePapersWithLlm on %s', (kind) => {
  const current = papersForEachTest(kind);
  let captured: ReturnType<typeof memoryLog>;
  const config = () => loadConfig({ DATABASE_URL: 'memory://', LLM_BASE_URL: server.baseUrl, LLM_API_KEY: KEY, LLM_MODEL: 'fake-1' });
  const deps = () => ({ db: current.database.db, config: config(), log: captured.log });

  beforeEach(() => {
    server.otherwise((req) => {
      const title = req.body?.messages?.find((m) => m.role === 'user')?.content.match(/^Title: (.*)$/m)?.[1];
      return { kind: 'ok', content: `LLM: ${title} decodes faster.` };
    });
    captured = memoryLog();
  });

  it('replaces the extractive TL;DR with a checked LLM one, keeps the key result, caches by paper and model', async () => {
    const before = await getPaper(current.database.db, current.ids[0]);
    expect(before).toMatchObject({ tldrSource: 'extractive' });
    expect(before!.keyResult).toContain('2.5x');

    const report = await summarizePapersWithLlm(deps(), [current.ids[0], current.ids[1]], FAST);
    expect(report).toMatchObject({ model: 'fake-1', requested: 2, generated: 2, cached: 0, failed: 0, rejected: 0 });
    const after = await getPaper(current.database.db, current.ids[0]);
    expect(after).toMatchObject({ tldr: 'LLM: Paper number 0: fast decoding decodes faster.', tldrSource: 'llm', keyResult: before!.keyResult });
    const cached = await current.database.db.select().from(llmSummaries).where(eq(llmSummaries.paperId, current.ids[0]));
    expect(cached).toMatchObject([{ model: 'fake-1', tldr: after!.tldr }]);

    // the prompt carries the paper and the request the key
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.requests[0].body?.model).toBe('fake-1');

    // a rerun asks nobody
    const again = await summarizePapersWithLlm(deps(), [current.ids[0], current.ids[1]], FAST);
    expect(again).toMatchObject({ generated: 0, cached: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('a different model is a different cache entry', async () => {
    await summarizePapersWithLlm(deps(), [current.ids[0]], FAST);
    const other = { ...deps(), config: { ...config(), LLM_MODEL: 'fake-2' } };
    const report = await summarizePapersWithLlm(other, [current.ids[0]], FAST);
    expect(report.generated).toBe(1);
    expect(server.requests.map((r) => r.body?.model)).toEqual(['fake-1', 'fake-2']);
  });

  it('keeps the extractive TL;DR on every kind of failure', async () => {
    const extractive = await Promise.all(current.ids.map((id) => getPaper(current.database.db, id)));
    server.script(
      { kind: 'error', status: 500 }, { kind: 'error', status: 500 }, // paper 0: 500 twice
      { kind: 'garbage' }, // paper 1: not JSON
      { kind: 'ok', content: 'Great paper @channel, read it!' }, // paper 2: mention
      { kind: 'ok', content: 'See [code](https://x.example) now.' }, // paper 3: link
      { kind: 'ok', content: Array.from({ length: 60 }, () => 'long').join(' ') }, // paper 4: too long
      { kind: 'error', status: 401 }, // paper 5: refused
    );
    const report = await summarizePapersWithLlm(deps(), current.ids, { ...FAST, concurrency: 1 });
    expect(report).toMatchObject({ requested: 6, generated: 0, failed: 3, rejected: 3 });
    expect(report.problems.map((p) => p.paperId).sort()).toEqual([...current.ids].sort());
    for (const [i, id] of current.ids.entries()) {
      const p = await getPaper(current.database.db, id);
      expect(p).toMatchObject({ tldr: extractive[i]!.tldr, tldrSource: 'extractive' });
    }
    expect(await current.database.db.select().from(llmSummaries).where(inArray(llmSummaries.paperId, current.ids))).toHaveLength(0);
  });

  it('times out a slow server and keeps the extractive TL;DR', async () => {
    server.otherwise({ kind: 'slow', delayMs: 5_000 });
    const report = await summarizePapersWithLlm(deps(), [current.ids[0]], { ...FAST, timeoutMs: 100 });
    expect(report.failed).toBe(1);
    expect(report.problems[0].reason).toMatch(/^timeout/);
    expect(await getPaper(current.database.db, current.ids[0])).toMatchObject({ tldrSource: 'extractive' });
  });

  it('never logs the API key', async () => {
    server.script({ kind: 'error', status: 401, body: `{"error":"invalid key ${KEY}"}` }, { kind: 'ok', content: 'Hi @everyone' });
    await summarizePapersWithLlm(deps(), [current.ids[0], current.ids[1]], { ...FAST, concurrency: 1 });
    const text = captured.text();
    expect(text).toContain('LLM TL;DR'); // it did log
    expect(text).not.toContain(KEY);
  });
});

describe('summarizePapersWithLlm (PGlite only)', () => {
  const current = papersForEachTest('pglite');
  beforeEach(() => {
    server.otherwise({ kind: 'ok', content: 'An LLM TL;DR that is fine.' });
  });
  const config = () => loadConfig({ DATABASE_URL: 'memory://', LLM_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-1' });

  it('keeps at most `concurrency` requests in flight', async () => {
    server.otherwise({ kind: 'slow', delayMs: 60, content: 'Slowly but fine.' });
    const fresh = await startFakeLlmServer(); // its own in-flight counter
    fresh.otherwise({ kind: 'slow', delayMs: 60, content: 'Slowly but fine.' });
    try {
      const cfg = loadConfig({ DATABASE_URL: 'memory://', LLM_BASE_URL: fresh.baseUrl, LLM_MODEL: 'fake-1' });
      const report = await summarizePapersWithLlm({ db: current.database.db, config: cfg }, current.ids, { ...FAST, concurrency: 2 });
      expect(report.generated).toBe(6);
      expect(fresh.requests).toHaveLength(6);
      expect(fresh.maxInFlight).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('does nothing when no LLM is configured', async () => {
    const report = await summarizePapersWithLlm({ db: current.database.db, config: loadConfig({ DATABASE_URL: 'memory://' }) }, current.ids);
    expect(report).toMatchObject({ model: null, skipped: 6, generated: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('skips unknown ids and papers without an abstract', async () => {
    const [{ id: emptyId }] = (await addPapers({ db: current.database.db, search: createSearchIndex() }, [normalizePaper({ title: 'No abstract here', abstract: '' })])).results;
    const report = await summarizePapersWithLlm({ db: current.database.db, config: config() }, ['nope-123', emptyId, current.ids[0]], FAST);
    expect(report).toMatchObject({ requested: 3, generated: 1, skipped: 2 });
    expect(server.requests).toHaveLength(1);
  });

  it('asks again when a new version replaced the text the cached answer was for', async () => {
    await summarizePapersWithLlm({ db: current.database.db, config: config() }, [current.ids[0]], FAST);
    expect(server.requests).toHaveLength(1);
    // let the clock move past the cache row's timestamp, then a v2 arrives
    await new Promise((r) => setTimeout(r, 20));
    await addPapers({ db: current.database.db, search: createSearchIndex() }, [normalizePaper({ ...current.papers[0], id: current.papers[0].id.replace('v1', 'v2'), abstract: 'A rewritten abstract. We propose a new thing.' })]);
    expect(await getPaper(current.database.db, current.ids[0])).toMatchObject({ tldrSource: 'extractive', version: 2 });
    server.otherwise({ kind: 'ok', content: 'The v2 summary.' });
    const report = await summarizePapersWithLlm({ db: current.database.db, config: config() }, [current.ids[0]], FAST);
    expect(report).toMatchObject({ generated: 1, cached: 0 });
    expect(await getPaper(current.database.db, current.ids[0])).toMatchObject({ tldr: 'The v2 summary.', tldrSource: 'llm' });
  });
});
