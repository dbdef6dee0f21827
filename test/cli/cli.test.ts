import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = new URL('../../bin/paperbot.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'paperbot-cli-'));

async function paperbot(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paperbot CLI', () => {
  it('search --json on a throwaway database prints ranked LoRA papers from the sample', async () => {
    const r = await paperbot(['search', 'lora', '--json', '--limit', '5'], { DATABASE_URL: 'memory://' });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; title: string; score: number }>;
    expect(rows).toHaveLength(5);
    expect(rows.every((x) => typeof x.id === 'string' && typeof x.score === 'number')).toBe(true);
    expect(rows.map((x) => x.score)).toEqual([...rows.map((x) => x.score)].sort((a, b) => b - a));
    expect(rows.filter((x) => /lora|low-rank/i.test(x.title)).length).toBeGreaterThanOrEqual(4);
  });

  it('import twice keeps the same number of papers; bad lines are reported and exit non-zero', async () => {
    const db = join(dir, 'db');
    const file = join(dir, 'papers.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ title: 'Paper One', abstract: 'We propose one.', id: '2401.00001' }),
        '{broken',
        JSON.stringify({ title: 'Paper Two', abstract: 'We propose two.' }),
        JSON.stringify({ abstract: 'no title' }),
      ].join('\n'),
    );
    const first = await paperbot(['import', file], { DATABASE_URL: db });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/papers\.jsonl:2: skipped: not valid JSON/);
    expect(first.stderr).toMatch(/papers\.jsonl:4: skipped: title is missing/);
    expect(first.stdout).toMatch(/imported 2 papers \(2 new, 0 already known\), 2 lines skipped/);
    const second = await paperbot(['import', file], { DATABASE_URL: db });
    expect(second.stdout).toMatch(/imported 2 papers \(0 new, 2 already known\)/);
    const found = await paperbot(['search', 'paper', '--json'], { DATABASE_URL: db });
    expect(JSON.parse(found.stdout).map((x: { id: string }) => x.id)).toContain('2401.00001');
  });

  it('refuses a wrong environment with the variable named, and unknown commands with usage', async () => {
    const bad = await paperbot(['search', 'lora'], { PORT: 'x', DATABASE_URL: 'memory://' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/PORT: expected a port number/);
    const unknown = await paperbot(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('migrate applies migrations to an embedded folder', async () => {
    const r = await paperbot(['migrate'], { DATABASE_URL: join(dir, 'migrated') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migrations applied \(pglite\)/);
  });
});
