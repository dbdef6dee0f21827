import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openPglite } from '../../src/db/pglite.js';
import { countPapers } from '../../src/papers/store.js';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-template-'));
const suiteTemplate = process.env.PAPERBOT_PGLITE_TEMPLATE;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function markers(database: Database): Promise<string[]> {
  const result = (await database.db.execute(sql`select v from marker order by v`)) as unknown as { rows: Array<{ v: string }> };
  return result.rows.map((r) => r.v);
}

describe('the suite PGlite template', () => {
  it('is migrated and empty', async () => {
    expect(suiteTemplate).toMatch(/migrated-[0-9a-f]{16}\.tar\.gz$/);
    const database = await openPglite();
    try {
      expect(await countPapers(database.db)).toBe(0);
    } finally {
      await database.close();
    }
  });
});

describe('a new PGlite starts from PAPERBOT_PGLITE_TEMPLATE', () => {
  beforeAll(async () => {
    const marked = await openPglite();
    await marked.db.execute(sql`create table marker (v text)`);
    await marked.db.execute(sql`insert into marker values ('from the template')`);
    const client = (marked.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
    const file = join(dir, 'marked.tar.gz');
    writeFileSync(file, Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer()));
    await marked.close();
    process.env.PAPERBOT_PGLITE_TEMPLATE = file;
  });
  afterAll(() => {
    process.env.PAPERBOT_PGLITE_TEMPLATE = suiteTemplate;
  });

  it('in memory', async () => {
    const memory = await openPglite();
    expect(await markers(memory)).toEqual(['from the template']);
    await memory.close();
  });

  it('in an empty folder; a folder that holds a database keeps it', async () => {
    const folder = await openPglite(join(dir, 'folder'));
    await folder.db.execute(sql`insert into marker values ('kept')`);
    await folder.close();
    const reopened = await openPglite(join(dir, 'folder'));
    expect(await markers(reopened)).toEqual(['from the template', 'kept']);
    await reopened.close();
  });
});
