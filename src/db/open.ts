import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from './database.js';

/** A DATABASE_URL that cannot work: one line saying what is wrong and what to do, never a password. */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

/** PostgreSQL gets this long to answer at start; a wrong host must not hang the process. */
const CONNECT_TIMEOUT_MS = 4_000;
const FIX = 'set DATABASE_URL to postgres://user:password@host:5432/db, memory://, or a folder for the embedded database (default ./data/pglite)';
// Kernel and device trees: PGlite would hang or write where no database belongs.
const SYSTEM_DIRS = ['/proc', '/sys', '/dev'];

type Target = { kind: 'postgres'; url: string } | { kind: 'memory' } | { kind: 'folder'; dir: string };

/** What a DATABASE_URL names, or a DatabaseUrlError before anything is opened. */
export function databaseTarget(url: string): Target {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  if (url === 'memory://' || url === 'memory') return { kind: 'memory' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme && scheme.toLowerCase() !== 'file') throw new DatabaseUrlError(`DATABASE_URL uses the unsupported scheme ${scheme}://; ${FIX}`);
  const dir = resolve(url.replace(/^file:\/\//i, ''));
  if (SYSTEM_DIRS.some((d) => dir === d || dir.startsWith(`${d}/`))) {
    throw new DatabaseUrlError(`DATABASE_URL points into ${dir.split('/').slice(0, 2).join('/')}, a system folder, not a place for a database; ${FIX}`);
  }
  let link;
  try {
    link = lstatSync(dir);
  } catch {
    return { kind: 'folder', dir }; // created on open
  }
  if (link.isSymbolicLink()) {
    try {
      statSync(dir);
    } catch {
      throw new DatabaseUrlError(`DATABASE_URL ${dir} is a symlink to ${readlinkSync(dir)}, which does not exist; create that folder or ${FIX}`);
    }
  }
  if (!statSync(dir).isDirectory()) throw new DatabaseUrlError(`DATABASE_URL ${dir} is a file, not a folder; move it away or ${FIX}`);
  return { kind: 'folder', dir };
}

/** Where a postgres:// URL points, for messages: never the password. */
function describeServer(url: string): { where: string; database: string; user: string } {
  try {
    const u = new URL(url);
    return { where: `${u.hostname || 'localhost'}:${u.port || 5432}`, database: decodeURIComponent(u.pathname.slice(1)) || '(default)', user: decodeURIComponent(u.username) || '(default)' };
  } catch {
    return { where: '(unreadable host)', database: '(unknown)', user: '(unknown)' };
  }
}

/** node-postgres and server errors at start as one actionable line. */
export function postgresOpenError(url: string, err: unknown): DatabaseUrlError {
  const { where, database, user } = describeServer(url);
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const why: Record<string, string> = {
    ECONNREFUSED: `nothing listens at ${where} (connection refused); start PostgreSQL or fix the host and port in DATABASE_URL`,
    ENOTFOUND: `the host of ${where} is not known; fix the host in DATABASE_URL`,
    EAI_AGAIN: `the host of ${where} could not be looked up; check DNS or the host in DATABASE_URL`,
    ETIMEDOUT: `PostgreSQL at ${where} did not answer; check the host, port and firewall`,
    '3D000': `database "${database}" does not exist on ${where}; create it (createdb ${database}) or fix the name in DATABASE_URL`,
    '28P01': `PostgreSQL at ${where} refused the password for user "${user}"; fix the credentials in DATABASE_URL`,
    '28000': `PostgreSQL at ${where} does not let user "${user}" in; fix the user in DATABASE_URL or pg_hba.conf`,
  };
  const timedOut = /timeout/i.test(e?.message ?? '');
  const detail = (e?.message ?? String(err)).replace(/\/\/[^\s/@]*@/g, '//').slice(0, 160);
  const line = why[code] ?? (timedOut ? `PostgreSQL at ${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s; check the host, port and firewall` : `PostgreSQL at ${where} failed (${code ? `${code}: ` : ''}${detail}); check DATABASE_URL`);
  return new DatabaseUrlError(`cannot open the database: ${line}`);
}

/**
 * DATABASE_URL picks the store: `postgres://` a server, `memory://` a throwaway PGlite,
 * anything else a folder for embedded PGlite. Migrations are applied on open. A URL that cannot
 * work throws DatabaseUrlError (the CLI prints its one line and exits 1).
 */
export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  const target = databaseTarget(url);
  if (target.kind === 'postgres') {
    const { openPostgres } = await import('./node-postgres.js');
    try {
      return await openPostgres(target.url, { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, poolSize: options.poolSize });
    } catch (err) {
      throw postgresOpenError(target.url, err);
    }
  }
  const { openPglite } = await import('./pglite.js');
  return target.kind === 'memory' ? openPglite() : openPglite(target.dir);
}
