import { describe, expect, it } from 'vitest';
import { keyResult } from '../../src/summarize/key-result.js';

describe('keyResult', () => {
  it.each([
    [
      ['We present LayerSkip.', 'We show speedups of up to 2.16x on summarization for CNN/DM documents, 1.82x on coding, and 2.0x on TOPv2.'],
      'Speedups of up to 2.16x on summarization for CNN/DM documents',
    ],
    [
      ['We propose G_stack.', 'Our model converges to the same loss with 194B tokens, resulting in a 54.6% speedup.'],
      '54.6% speedup',
    ],
    [
      ['We propose gamma-MoD.', 'For example, with a minor performance drop, gamma-MoD can reduce the training and inference time of LLaVA-HR by 31.0% and 53.2%, respectively.'],
      'Gamma-MoD can reduce the training and inference time of LLaVA-HR by 31.0% and 53.2%, respectively',
    ],
    [
      ['We propose X.', 'Experiments show that our method improves BLEU by 2.3 points over the strongest baseline.'],
      'Improves BLEU by 2.3 points over the strongest baseline',
    ],
    [['We propose X.', 'It achieved 99.92% node coverage across 31,465 nodes.'], 'Achieved 99.92% node coverage across 31,465 nodes'],
  ])('%j', (sentences, expected) => {
    expect(keyResult(sentences, null)).toBe(expected);
  });

  it('is null without a measured result', () => {
    expect(keyResult(['We propose X.', 'X outperforms strong baselines on three benchmarks.'], null)).toBeNull();
    expect(keyResult(['We train on 3 datasets with 1024 x 1024 images in 2023.'], null)).toBeNull();
  });

  it('does not repeat a number the TL;DR already gives', () => {
    const sentences = ['We propose X, which is 2.8x faster.', 'X is 2.8x faster than Y on Z.'];
    expect(keyResult(sentences, 'We propose X, which is 2.8x faster.')).toBeNull();
  });

  it('prefers the result over a setting', () => {
    const sentences = ['We propose X.', 'When allowing less than 3% additional parameters, the gains increase to 8.5% on GSM8K.'];
    expect(keyResult(sentences, null)).toBe('The gains increase to 8.5% on GSM8K');
  });

  it('fits in 20 words', () => {
    const long = `We propose X. X improves accuracy by 4.5% on ${Array.from({ length: 40 }, (_, i) => `task${i}`).join(' and ')}.`;
    const r = keyResult(long.split('. ').map((s) => s + '.'), null)!;
    expect(r.split(' ').length).toBeLessThanOrEqual(20);
    expect(r).toContain('4.5%');
  });
});
