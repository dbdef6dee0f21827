import { describe, expect, it } from 'vitest';
import { parsePaperLines } from '../../src/papers/json-lines.js';

describe('parsePaperLines', () => {
  it('keeps good lines and reports each bad line by number and reason', () => {
    const text = [
      JSON.stringify({ title: 'A paper', abstract: 'About things.' }),
      '{not json',
      JSON.stringify({ abstract: 'no title' }),
      '',
      JSON.stringify({ title: 'B paper', abstract: 'More.', id: 'arXiv:2401.00001v2', authors: ['Ada', 'Alan'], published: '2024-01-01' }),
      JSON.stringify({ title: 'C', abstract: 'x', id: 'not-an-id' }),
      JSON.stringify({ title: 'D', abstract: 'x', published: 'yesterday-ish' }),
      JSON.stringify([1, 2]),
      JSON.stringify({ title: 'E', abstract: 'x', upvotes: -3 }),
    ].join('\n');
    const { records, errors } = parsePaperLines(text);
    expect(records.map((r) => r.title)).toEqual(['A paper', 'B paper']);
    expect(records[1]).toMatchObject({ id: '2401.00001', version: 2, authors: ['Ada', 'Alan'] });
    expect(errors.map((e) => e.line)).toEqual([2, 3, 6, 7, 8, 9]);
    expect(errors[0].reason).toMatch(/not valid JSON/);
    expect(errors[1].reason).toBe('title is missing');
    expect(errors[2].reason).toMatch(/not an arXiv id/);
    expect(errors[3].reason).toMatch(/published is not a date/);
    expect(errors[5].reason).toMatch(/upvotes/);
  });

  it('accepts the bundled sample completely', async () => {
    const { readFile } = await import('node:fs/promises');
    const { SAMPLE_FILE } = await import('../../src/library/sample.js');
    const { records, errors } = parsePaperLines(await readFile(SAMPLE_FILE, 'utf8'));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(119);
    expect(new Set(records.map((r) => r.id)).size).toBe(119);
    expect(records.every((r) => !/textit\{|\\%/.test(r.abstract))).toBe(true);
  });
});
