import { describe, expect, it } from 'vitest';
import { runPaperbot } from '../helpers/cli.js';

// memory:// is a fresh PGlite seeded with the 119-paper sample on every open.
const ENV = { DATABASE_URL: 'memory://' };

describe('paperbot doctor and similar', () => {
  it('doctor says semantic search is off for the sample, and why', async () => {
    const r = await runPaperbot(['doctor'], ENV);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('library: 119 papers');
    expect(r.stdout).toContain('semantic search: off, lexical only (the library has 119 papers; word vectors need 2,000)');
  });

  it('similar ID --json lists other papers with ids, titles and scores; no id is a usage error', async () => {
    const search = JSON.parse((await runPaperbot(['search', 'model merging', '--json', '--limit', '1'], ENV)).stdout) as Array<{ id: string }>;
    const r = await runPaperbot(['similar', search[0].id, '--json', '--limit', '5'], ENV);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; title: string; score: number }>;
    expect(rows).toHaveLength(5);
    expect(rows.map((x) => x.id)).not.toContain(search[0].id);
    expect(rows.every((x) => x.title && Number.isFinite(x.score))).toBe(true);
    const bad = await runPaperbot(['similar'], ENV);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: paperbot similar ID');
  });
});
