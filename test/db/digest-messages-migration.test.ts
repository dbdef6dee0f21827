// The migration that folded the twin delivery columns (digests.header_*, digest_items.state...)
// into digest_messages keeps every existing message as it was: a database at the migration
// before it, with rows the old code wrote, then migrated to the end (PostgreSQL: a PGlite start
// costs seconds; the SQL is the same).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, type Db } from '../../src/db/database.js';
import * as schema from '../../src/db/schema.js';
import { getDigest } from '../../src/digest/digest-store.js';
import { scratchPostgres } from '../jobs/helpers.js';

const MIGRATION = '0005_digest_messages';
const dir = mkdtempSync(join(tmpdir(), 'paperbot-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as it was before MIGRATION. */
function migrationsBefore(tag: string): string {
  const out = join(dir, 'before');
  cpSync(migrationsFolder, out, { recursive: true });
  const journalPath = join(out, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag));
  writeFileSync(journalPath, JSON.stringify(journal));
  return out;
}

describe(`migration ${MIGRATION}`, () => {
  it('moves every header and item delivery state into digest_messages, with typed states and error kinds', async () => {
    const scratch = await scratchPostgres();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await migrate(drizzle(client), { migrationsFolder: migrationsBefore(MIGRATION) });
    await client.query(`
      insert into channels (platform, workspace_id, channel_id) values ('slack', 'T1', 'C1');
      insert into papers (id, title, abstract) values ('p1', 'One', 'a'), ('p2', 'Two', 'b'), ('p3', 'Three', 'c');
      insert into digests (channel_id, date, status, header_text, header_state, header_message_id, header_thread_id, header_attempts, header_posted_at)
        values (1, '2026-11-02', 'composed', 'Your digest', 'posted', '111.1', '111.1', 1, now());
      insert into digest_items (digest_id, position, paper_id, score, reasons, state, message_id, attempts, error, claimed_at) values
        (1, 1, 'p1', 0.9, '["matches lora"]', 'posted', '111.2', 1, null, now()),
        (1, 2, 'p2', 0.8, '[]', 'failed', null, 8, 'gave up after 8 attempts: TransientPostError: slack 503', now()),
        (1, 3, 'p3', 0.7, '[]', 'pending', null, 2, 'possibly posted; could not ask the platform: TransientPostError: 500', null);
      insert into digests (channel_id, date, status, header_text, header_state, header_error)
        values (1, '2026-11-03', 'empty', 'Nothing today', 'skipped', null);
    `);
    await migrate(drizzle(client), { migrationsFolder });
    const db = drizzle(client, { schema }) as unknown as Db;

    const d = (await getDigest(db, 1))!;
    expect(d.status).toBe('composed');
    expect(d.header).toMatchObject({ text: 'Your digest', state: 'posted', messageId: '111.1', threadId: '111.1', attempts: 1, errorKind: null });
    expect(d.items.map((i) => [i.position, i.paperId, i.state, i.messageId, i.attempts, i.errorKind])).toEqual([
      [1, 'p1', 'posted', '111.2', 1, null],
      [2, 'p2', 'failed', null, 8, 'transient'],
      [3, 'p3', 'pending', null, 2, 'possibly-posted'],
    ]);
    expect(d.items[0].reasons).toEqual(['matches lora']);
    expect(d.items[1].error).toBe('gave up after 8 attempts: TransientPostError: slack 503');
    expect((await getDigest(db, 2))!).toMatchObject({ status: 'empty', header: { state: 'skipped' }, items: [] });
    // The old columns are gone: one state per message, in one place.
    const cols = await client.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name in ('digests', 'digest_items')`);
    expect(cols.rows.map((r) => r.column_name).filter((c) => /state|attempts|claimed|message_id|error/.test(c))).toEqual([]);
    await client.end();
    await scratch.drop();
  });
});
