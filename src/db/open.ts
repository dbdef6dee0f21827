import { resolve } from 'node:path';
import type { Database } from './database.js';

/**
 * DATABASE_URL picks the store: `postgres://` a server, `memory://` a throwaway PGlite,
 * anything else a folder for embedded PGlite. Migrations are applied on open.
 */
export async function openDatabase(url: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const { openPostgres } = await import('./node-postgres.js');
    return openPostgres(url);
  }
  const { openPglite } = await import('./pglite.js');
  if (url === 'memory://' || url === 'memory') return openPglite();
  return openPglite(resolve(url.replace(/^file:\/\//, '')));
}
