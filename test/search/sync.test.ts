import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { freshDatabase, POSTGRES_URL } from '../helpers/db.js';

// Two bot processes on one PostgreSQL database: a paper added through one is searchable in the other.
let db: Awaited<ReturnType<typeof freshDatabase>>;
let writer: App;
let reader: App;
let baseline = 0;

async function connections(): Promise<number> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    const name = db.url.slice(db.url.lastIndexOf('/') + 1);
    const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

/** Poll (bounded) until the reader's index finds the paper: the contract is "within 10 seconds". */
async function waitFor(query: string, id: string, app: App, withinMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (app.search.search(query, { limit: 20 }).hits.some((h) => h.id === id)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

beforeAll(async () => {
  db = await freshDatabase('postgres');
  baseline = await connections();
  const config = loadConfig({ DATABASE_URL: db.url });
  writer = await createApp(config, { seed: true, syncIntervalMs: 250 });
  reader = await createApp(config, { seed: true, syncIntervalMs: 250 });
});

afterAll(async () => {
  await writer?.close();
  await reader?.close();
  // Let the apps' sockets close before the database is dropped under them.
  for (let i = 0; i < 100 && (await connections()) > baseline; i++) await new Promise((r) => setTimeout(r, 50));
  await db?.close();
});

describe('index sync across processes (PostgreSQL)', () => {
  it('both processes start from the same library', () => {
    expect(writer.search.size()).toBe(119);
    expect(reader.search.size()).toBe(119);
  });

  it('makes a paper added by one process searchable in the other', async () => {
    const record = normalizePaper({
      id: '2501.04321',
      title: 'Zebra-Striped Attention for Long Documents',
      abstract: 'We introduce Zebra-Striped Attention (ZSA), which alternates dense and sparse heads to read very long documents.',
      authors: ['Ada Lovelace'],
    });
    await writer.addPapers([record]);
    expect(writer.search.search('zebra striped attention').hits[0]?.id).toBe('2501.04321');
    expect(reader.search.search('zebra').hits).toEqual([]);
    expect(await waitFor('zebra striped attention', '2501.04321', reader)).toBe(true);
    // What the new paper taught about acronyms arrived too.
    expect(reader.search.search('zsa').hits[0]?.id).toBe('2501.04321');
    expect(reader.search.size()).toBe(120);
  });

  it('carries a changed text across as well, replacing the old one', async () => {
    const record = normalizePaper({
      id: '2501.04321',
      title: 'Zebra-Striped Attention for Long Documents',
      abstract: 'We introduce Zebra-Striped Attention (ZSA), now evaluated on okapi-scale corpora of long documents.',
    });
    await writer.addPapers([record]);
    expect(await waitFor('okapi', '2501.04321', reader)).toBe(true);
    expect(reader.search.size()).toBe(120);
  });
});
