import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/node-postgres.js';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type StoreKind = 'pglite' | 'postgres';
export const STORES: StoreKind[] = ['pglite', 'postgres'];

/** A fresh, migrated, empty database: an in-memory PGlite, or a new database on the local server. */
export async function freshDatabase(kind: StoreKind): Promise<Database & { url: string }> {
  if (kind === 'pglite') return Object.assign(await openPglite(), { url: 'memory://' });
  const name = `paperbot_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`);
  const database = await openPostgres(url, { poolSize: 4 });
  const closePool = database.close;
  return Object.assign(database, {
    url,
    close: async () => {
      await closePool();
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      // Other pools (apps a test opened on this url) may still be closing: wait for them, so the
      // forced drop does not kill a connection someone is about to use.
      for (let i = 0; i < 50; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  });
}
