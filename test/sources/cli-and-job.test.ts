import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestCommand } from '../../cli/commands/ingest.js';
import { UsageError } from '../../cli/open-app.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { ingestJob, IngestJobFailed } from '../../jobs/ingest-job.js';
import { freshDatabase } from '../helpers/db.js';
import { fixture } from '../fakes/source-fixtures.js';
import { startSourceServer, type SourceServer } from '../fakes/source-server.js';

// The CLI reads its configuration from the environment; a PostgreSQL database opens fast.
let server: SourceServer;
let database: Database & { url: string };
const saved = { ...process.env };

beforeAll(async () => {
  server = await startSourceServer();
  database = await freshDatabase('postgres');
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    ARXIV_API_URL: `${server.url}/api/query`,
    ARXIV_FEED_URL: `${server.url}/atom`,
    HF_API_URL: server.url,
    LOG_LEVEL: 'silent',
  });
});
afterAll(async () => {
  for (const k of ['DATABASE_URL', 'ARXIV_API_URL', 'ARXIV_FEED_URL', 'HF_API_URL', 'LOG_LEVEL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await server.close();
  await database.close();
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await ingestCommand(args), out };
  } finally {
    spy.mockRestore();
  }
}

describe('paperbot ingest', () => {
  it('prints a readable summary per source and day, and exits 0', async () => {
    server.on('/api/daily_papers', { body: fixture('hf-daily-2025-03-04.json') });
    const { code, out } = await run(['--source', 'hf', '--date', '2025-03-04']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Hugging Face \(daily_papers\): ok - 6 fetched in 1 page, 3 new, 0 updated, 2 skipped, 1 duplicate$/m);
    expect(out).toMatch(/^ {2}2025-03-04: complete, 3 papers$/m);
    expect(out).toMatch(/^ {2}skipped 2503.02200: published is not a date: "the third of March"$/m);
  });

  it('--json prints the report; a source that failed entirely makes the exit code 1', async () => {
    server.on('/api/daily_papers', { status: 404, body: 'Not Found' });
    const { code, out } = await run(['--source', 'hf', '--date', '2025-03-04', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.ok).toBe(false);
    expect(report.sources[0]).toMatchObject({ source: 'hf', status: 'failed' });
    expect(report.sources[0].errors[0]).toMatch(/HTTP 404/);
  });

  it('refuses bad arguments with the usage line', async () => {
    await expect(ingestCommand(['--source', 'rss'])).rejects.toThrow(UsageError);
    await expect(ingestCommand(['--date', '03/04/2025'])).rejects.toThrow(/--date must be a calendar date YYYY-MM-DD/);
    await expect(ingestCommand(['--frobnicate'])).rejects.toThrow(/usage: paperbot ingest/);
  });
});

describe('ingest job handler', () => {
  it('returns the report when sources worked, throws IngestJobFailed (with the report) when one failed entirely', async () => {
    const app = await createApp(loadConfig(process.env), { seed: false, syncIntervalMs: 0 });
    try {
      server.on('/api/daily_papers', { body: fixture('hf-flat.json') });
      const report = await ingestJob(app, { source: 'hf', date: '2025-03-04' });
      expect(report.sources[0]).toMatchObject({ source: 'hf', status: 'ok' });

      server.on('/api/daily_papers', { status: 400, body: '{"error":"bad date"}' });
      const e = await ingestJob(app, { source: 'hf', date: '2025-03-04' }).catch((x) => x);
      expect(e).toBeInstanceOf(IngestJobFailed);
      expect(e.report.sources[0].status).toBe('failed');
      expect(e.message).toMatch(/HTTP 400/);
    } finally {
      await app.close();
    }
  });
});
