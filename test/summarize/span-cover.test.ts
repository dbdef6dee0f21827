import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { halfOf, loadMarkedAbstracts } from '../../bench/keyresult-data.js';
import { coversSpan, spanShare } from '../../bench/span-cover.js';

describe('span cover (eval of key results against reader-marked spans)', () => {
  it('counts the share of the line\'s content words inside the span', () => {
    const span = 'outperforms recent baselines in terms of PSNR and speed';
    expect(spanShare('Outperforms recent baselines in PSNR and speed', span)).toBe(1);
    expect(coversSpan('Outperforms recent baselines in PSNR and speed on synthetic datasets', [span])).toBe(true);
    // A long sentence that merely contains the span does not cover it.
    expect(coversSpan('A transformer encoder reads posed images, a light-field decoder renders novel views, and it outperforms recent baselines in PSNR', [span])).toBe(false);
    expect(coversSpan(null, [span])).toBe(false);
    expect(coversSpan('the of and', [span])).toBe(false);
  });

  it('loads a CSV of spans per abstract (quoted commas and newlines) and skips unusable rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-'));
    const abstract = 'We propose X, a model. "X" beats Y\non Z.';
    const rows = [
      'arxiv_id,abstract,start_idx,end_idx,label',
      `1,"${abstract.replace(/"/g, '""')}",11,22,idea`,
      `1,"${abstract.replace(/"/g, '""')}",27,37,result`,
      `1,"${abstract.replace(/"/g, '""')}",5,2,result`,
      `2,"Another.",0,7,opinion`,
    ];
    writeFileSync(join(dir, 'spans.csv'), rows.join('\n'));
    const loaded = loadMarkedAbstracts(join(dir, 'spans.csv'))!;
    expect(loaded).toEqual([{ id: '1', abstract, spans: { problem: [], task: [], idea: ['X, a model.'], result: ['beats Y\non'] } }]);
    expect(loadMarkedAbstracts(join(dir, 'absent.csv'))).toBeNull();
  });

  it('splits ids into two stable halves of about equal size', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `2111.${String(10000 + i)}`);
    const dev = ids.filter((id) => halfOf(id) === 'dev').length;
    expect(dev).toBeGreaterThan(160);
    expect(dev).toBeLessThan(240);
    expect(ids.map(halfOf)).toEqual(ids.map(halfOf));
  });
});
