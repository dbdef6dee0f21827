import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { sql } from 'drizzle-orm';
import * as schema from './schema.js';
import { migrationsFolder, type Database, type Db } from './database.js';

/**
 * A new database runs initdb in WASM (3-5 s). The test suite sets PAPERBOT_PGLITE_TEMPLATE to a
 * `dumpDataDir()` of a migrated one, which loads in under a second, into memory or an empty
 * folder. Migrations still run after loading, so an outdated template only costs time.
 */
function newClient(dir: string | undefined, template = process.env.PAPERBOT_PGLITE_TEMPLATE): PGlite {
  const exists = dir !== undefined && existsSync(join(dir, 'PG_VERSION'));
  const options = template && !exists ? { loadDataDir: new Blob([readFileSync(template)]) } : {};
  return dir ? new PGlite(dir, options) : new PGlite(options);
}

/** Embedded PostgreSQL (WASM) in folder `dir`, or in memory when undefined. */
export async function openPglite(dir?: string): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true });
  const client = newClient(dir);
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(drizzle(client), { migrationsFolder });
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
