import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runPaperbot, spawnPaperbot } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paperbot CLI', () => {
  it('search --json on a throwaway database prints ranked LoRA papers from the sample', async () => {
    const r = await runPaperbot(['search', 'lora', '--json', '--limit', '5'], { DATABASE_URL: 'memory://' });
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
    const first = await runPaperbot(['import', file], { DATABASE_URL: db });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/papers\.jsonl:2: skipped: not valid JSON/);
    expect(first.stderr).toMatch(/papers\.jsonl:4: skipped: title is missing/);
    expect(first.stdout).toMatch(/imported 2 papers \(2 new, 0 already known\), 2 lines skipped/);
    const second = await runPaperbot(['import', file], { DATABASE_URL: db });
    expect(second.stdout).toMatch(/imported 2 papers \(0 new, 2 already known\)/);
    const found = await runPaperbot(['search', 'paper', '--json'], { DATABASE_URL: db });
    expect(JSON.parse(found.stdout).map((x: { id: string }) => x.id)).toContain('2401.00001');
  });

  it('imports a gzipped file as it streams, the same as plain JSON lines', async () => {
    const db = join(dir, 'db-gz');
    const file = join(dir, 'papers.jsonl.gz');
    const lines = Array.from({ length: 2_500 }, (_, i) => JSON.stringify({ id: `2402.${String(10000 + i)}`, title: `Streamed paper ${i}`, abstract: `We stream paper ${i}.`, published: '2024-02-01' }));
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    const r = await runPaperbot(['import', file], { DATABASE_URL: db });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 2500 papers \(2500 new, 0 already known\), 0 lines skipped/);
    const bad = await runPaperbot(['import', join(dir, 'missing.jsonl.gz')], { DATABASE_URL: db });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot read .*missing\.jsonl\.gz: ENOENT/);
  });

  // The real bin: a bad environment exits the process, and main's return value is its exit code.
  it('refuses a wrong environment with the variable named, and unknown commands with usage', async () => {
    const bad = await spawnPaperbot(['search', 'lora'], { PORT: 'x', DATABASE_URL: 'memory://' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/PORT: expected a port number/);
    const unknown = await spawnPaperbot(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('migrate applies migrations to an embedded folder', async () => {
    // Without the suite's migrated template: the folder starts with no tables at all.
    const r = await runPaperbot(['migrate'], { DATABASE_URL: join(dir, 'migrated'), PAPERBOT_PGLITE_TEMPLATE: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migrations applied \(pglite\)/);
  });
});
