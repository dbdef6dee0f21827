import { describe, expect, it } from 'vitest';
import { cleanText, normalizeTitle } from '../../src/papers/clean.js';
import { parseArxivId, titleId } from '../../src/papers/ids.js';

describe('cleanText', () => {
  it('collapses white space and line breaks', () => {
    expect(cleanText('  Low-Rank\n  Adaptation\tof  LLMs ')).toBe('Low-Rank Adaptation of LLMs');
  });
  it('removes stray LaTeX but keeps the words', () => {
    expect(cleanText('three critical textit{O}bstacles')).toBe('three critical Obstacles');
    expect(cleanText('improves by 4.2\\% over \\emph{strong} baselines')).toBe('improves by 4.2% over strong baselines');
    expect(cleanText('code at {https://github.com/a/b}.')).toBe('code at https://github.com/a/b.');
    expect(cleanText('see \\url{https://x.org/y}')).toBe('see https://x.org/y');
    expect(cleanText('as shown~\\cite{smith2020} here')).toBe('as shown here');
  });
  it('keeps Unicode and folds accents written in TeX', () => {
    expect(cleanText('Schr\\"{o}dinger bridges für Diffusion')).toBe('Schrödinger bridges für Diffusion');
  });
  it('normalizes titles for ids', () => {
    expect(normalizeTitle('LoRA:  Low-Rank Adaptation!')).toBe('lora low rank adaptation');
  });
});

describe('arXiv ids', () => {
  it.each([
    ['2106.09685', '2106.09685', null],
    ['2106.09685v2', '2106.09685', 2],
    ['arXiv:2106.09685v3', '2106.09685', 3],
    ['https://arxiv.org/abs/2106.09685v1', '2106.09685', 1],
    ['https://arxiv.org/pdf/2401.12345.pdf', '2401.12345', null],
    ['hep-th/9901001v2', 'hep-th/9901001', 2],
    ['math.GT/0309136', 'math.GT/0309136', null],
  ])('%s -> %s v%s', (raw, id, version) => {
    expect(parseArxivId(raw)).toEqual({ id, version });
  });
  it.each(['', 'lora', '2106.096', "2106.09685'; drop table papers; --", 'https://evil.example/abs/2106.09685'])('rejects %j', (raw) => {
    expect(parseArxivId(raw)).toBeNull();
  });
  it('gives a stable title id regardless of case, spacing and punctuation', () => {
    expect(titleId('LoRA: Low-Rank Adaptation')).toBe(titleId('  lora low rank   adaptation '));
    expect(titleId('LoRA: Low-Rank Adaptation')).toMatch(/^t-[0-9a-f]{12}$/);
    expect(titleId('LoRA')).not.toBe(titleId('QLoRA'));
  });
});
