// `paperbot digest CHANNEL [--dry-run]` through the CLI's main, on a PGlite folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ensureChannel, subscribe } from '../../src/channels/channels.js';
import { loadConfig } from '../../src/config.js';
import { digests } from '../../src/db/schema.js';
import { runPaperbot } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-digest-cli-'));
const db = join(dir, 'db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paperbot = (args: string[]) => runPaperbot(args, { DATABASE_URL: db, REDIS_URL: '' });

async function withApp<T>(f: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>): Promise<T> {
  const app = await createApp(loadConfig({ DATABASE_URL: db }), { syncIntervalMs: 0 });
  try {
    return await f(app);
  } finally {
    await app.close();
  }
}

describe('paperbot digest', () => {
  it('--dry-run prints the picks with scores and why lines and stores nothing; CHANNEL may be the row id', async () => {
    const id = await withApp(async (app) => {
      const c = await ensureChannel(app.db, { platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
      await subscribe(app.db, c.id, 'lora', 'U1');
      return c.id;
    });
    const r = await paperbot(['digest', 'slack:T1:C1', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Your digest for \d{4}-\d{2}-\d{2}: 5 papers on lora$/);
    expect(lines[1]).toMatch(/^\(dry run: nothing stored or posted; \d+ candidates/);
    expect(lines.filter((l) => /^ ?\d+\. 0\.\d{3} {2}.+ \[t-[0-9a-f]{12}\]$/.test(l))).toHaveLength(5);
    expect(lines.filter((l) => l.trim() === 'why: matches lora')).toHaveLength(5);
    expect(lines.filter((l) => /^ {6}score 0\.\d\d = relevance/.test(l))).toHaveLength(5);
    const byId = await paperbot(['digest', String(id), '--dry-run']);
    expect(byId.stdout.split('\n')[0]).toBe(lines[0]);
    expect(await withApp(async (app) => Number((await app.db.select({ n: sql<number>`count(*)` }).from(digests))[0].n))).toBe(0);
  });

  it('without a Poster for the platform it says so and posts nothing; bad channels are refused', async () => {
    const r = await paperbot(['digest', 'slack:T1:C1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no Poster for platform "slack" is configured here/);
    expect((await paperbot(['digest', 'slack:T1:C404', '--dry-run'])).stderr).toMatch(/no channel "slack:T1:C404"/);
    const bad = await paperbot(['digest', 'nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not platform:workspace:channel/);
  });
});
