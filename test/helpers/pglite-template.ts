// vitest globalSetup: builds a migrated, empty PGlite once and points every in-memory PGlite of
// the run (test workers and the CLIs they spawn) at its dump, see src/db/pglite.ts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../../src/db/database.js';

const CACHE = new URL('../../node_modules/.cache/paperbot-test/', import.meta.url).pathname;

/** Same migrations and same PGlite version: the same template, so it is built once per checkout. */
function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')).version);
  for (const f of readdirSync(migrationsFolder, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(migrationsFolder, f);
    if (f.endsWith('.sql') || f.endsWith('.json')) hash.update(f).update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

export default async function setup() {
  const file = join(CACHE, `migrated-${templateKey()}.tar.gz`);
  if (!existsSync(file)) {
    const client = new PGlite();
    await migrate(drizzle(client), { migrationsFolder });
    const dump = Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
    await client.close();
    mkdirSync(CACHE, { recursive: true });
    // Two runs may build it at once: write aside, then rename into place.
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, dump);
    renameSync(tmp, file);
  }
  process.env.PAPERBOT_PGLITE_TEMPLATE = file;
}
