import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { sql } from 'drizzle-orm';
import * as schema from './schema.js';
import { migrationsFolder, type Database, type Db } from './database.js';

// Any constant: several processes may start at once, and only one may migrate.
const MIGRATION_LOCK = 72_061_213;

/** A PostgreSQL server through node-postgres. */
export async function openPostgres(
  url: string,
  options: { poolSize?: number; onIdleError?: (err: Error) => void; connectionTimeoutMillis?: number } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectionTimeoutMillis });
  // An idle client whose server connection dies (restart, admin termination) must not crash the
  // process: the pool drops it and the next query opens a new one.
  pool.on('error', (err) => options.onIdleError?.(err));
  const lockClient = await pool.connect().catch(async (err: unknown) => {
    await pool.end().catch(() => {});
    throw err;
  });
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(lockClient), { migrationsFolder });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    lockClient.release();
  }
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}
