// DATABASE_URL mistakes: each gets one line saying what is wrong and what to do, exit code 1, within
// 5 s, and never the password. Through the CLI's own main() (the real bin once, for the exit code).
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL } from '../helpers/db.js';
import { runPaperbot, spawnPaperbot } from '../helpers/cli.js';

const PASSWORD = 'hunter2-db-pass';
const dir = mkdtempSync(join(tmpdir(), 'paperbot-dburl-'));
let closedPort: number;

beforeAll(async () => {
  // A port nothing listens on: bind one, note it, close it.
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closedPort = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  writeFileSync(join(dir, 'a-file'), 'not a database');
  symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.username = u.username || 'postgres';
  u.password = password;
  return u.toString();
}

async function refused(url: string) {
  const started = Date.now();
  const r = await runPaperbot(['search', 'lora'], { DATABASE_URL: url });
  const ms = Date.now() - started;
  const lines = r.stderr.split('\n').filter(Boolean);
  expect({ code: r.code, lines: lines.length, stack: /\n\s+at /.test(r.stderr), password: r.stderr.includes(PASSWORD) || r.stdout.includes(PASSWORD) }).toEqual({
    code: 1,
    lines: 1,
    stack: false,
    password: false,
  });
  expect(ms).toBeLessThan(5_000);
  return lines[0];
}

describe('DATABASE_URL mistakes', () => {
  it('a closed port', async () => {
    expect(await refused(`postgres://paperbot:${PASSWORD}@127.0.0.1:${closedPort}/paperbot`)).toMatch(
      new RegExp(`nothing listens at 127\\.0\\.0\\.1:${closedPort} \\(connection refused\\); start PostgreSQL`),
    );
  });

  it('an unknown database on a real server', async () => {
    const url = new URL(POSTGRES_URL);
    url.pathname = '/no_such_paperbot_db_4711';
    expect(await refused(withPassword(url.toString(), PASSWORD))).toMatch(/database "no_such_paperbot_db_4711" does not exist on .*; create it \(createdb no_such_paperbot_db_4711\)/);
  });

  it('a path that is a regular file, and a dangling symlink', async () => {
    expect(await refused(join(dir, 'a-file'))).toMatch(/a-file is a file, not a folder/);
    expect(await refused(join(dir, 'dangling'))).toMatch(/dangling is a symlink to .*gone, which does not exist/);
  });

  it('an unsupported scheme: refused, no folder named after the URL', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await refused(`mysql://user:${PASSWORD}@h/db`)).toMatch(/unsupported scheme mysql:\/\/; set DATABASE_URL to postgres:\/\//);
    } finally {
      process.chdir(cwd);
    }
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'dangling']);
  });

  it('a path under /proc (the real bin: exit code 1)', async () => {
    const started = Date.now();
    const r = await spawnPaperbot(['search', 'lora'], { DATABASE_URL: '/proc/self/paperbot' });
    expect(Date.now() - started).toBeLessThan(15_000); // the spawn itself costs several seconds
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^paperbot: DATABASE_URL points into \/proc, a system folder/)]);
  });
});
