import { describe, expect, it } from 'vitest';
import { KEY_RESULT_MAX_WORDS, keyResult } from '../../src/summarize/key-result.js';

describe('keyResult', () => {
  it.each([
    // A measured claim keeps its numbers and its verb.
    [
      ['We present LayerSkip.', 'We show speedups of up to 2.16x on summarization for CNN/DM documents, 1.82x on coding, and 2.0x on TOPv2.'],
      'We show speedups of up to 2.16x on summarization for CNN/DM documents, 1.82x on coding, and 2.0x on TOPv2',
    ],
    [
      ['We propose G_stack.', 'Our model converges to the same loss with 194B tokens, resulting in a 54.6% speedup.'],
      'Converges to the same loss with 194B tokens, resulting in a 54.6% speedup',
    ],
    [
      ['We propose gamma-MoD.', 'For example, with a minor performance drop, gamma-MoD can reduce the training and inference time of LLaVA-HR by 31.0% and 53.2%, respectively.'],
      'Gamma-MoD can reduce the training and inference time of LLaVA-HR by 31.0% and 53.2%, respectively',
    ],
    // "Experiments show that" and a generic subject go; the claim stays.
    [
      ['We propose X.', 'Experiments show that our method improves BLEU by 2.3 points over the strongest baseline.'],
      'Improves BLEU by 2.3 points over the strongest baseline',
    ],
    [['We propose X.', 'It achieved 99.92% node coverage across 31,465 nodes.'], 'Achieved 99.92% node coverage across 31,465 nodes'],
    // A result without a number is still a result.
    [
      ['Depth estimation is hard.', 'We propose X, a transformer for depth.', 'Extensive experiments on three benchmarks show that X outperforms recent baselines in accuracy and speed.'],
      'X outperforms recent baselines in accuracy and speed',
    ],
    [
      ['We introduce Y.', 'Y is trained with a contrastive loss.', 'In all cases, our approach produces shapes which adapt to the body of the user.'],
      'Produces shapes which adapt to the body of the user',
    ],
    // The condition in front is not the claim; a named subject stays.
    [
      ['We propose Z.', 'When combined with a task loss, Z surpasses state-of-the-art domain adaptation methods on two benchmarks.'],
      'Z surpasses state-of-the-art domain adaptation methods on two benchmarks',
    ],
    // A sentence may open with its setting and still be the claim; "we" with a verb is a clause.
    [
      ['We propose W.', 'In contrast to previous methods, our W represents 3D shapes more efficiently and improves the reconstruction quality.'],
      'Our W represents 3D shapes more efficiently and improves the reconstruction quality',
    ],
    [
      ['We propose V.', 'More importantly, we validate our approach on urban data, demonstrating superior quality on day-to-night translation.'],
      'We validate our approach on urban data, demonstrating superior quality on day-to-night translation',
    ],
  ])('%j', (sentences, expected) => {
    expect(keyResult(sentences, null)).toBe(expected);
  });

  it('prefers the paper\'s own late result over what prior work has shown', () => {
    const sentences = ['Recent methods have shown strong results on ImageNet.', 'We propose X, a sparse attention layer.', 'X improves accuracy on three benchmarks.'];
    expect(keyResult(sentences, null)).toBe('X improves accuracy on three benchmarks');
  });

  it('is null when no sentence states a result', () => {
    expect(keyResult(['Large language models are widely used.', 'We propose X, a method for Y.', 'Code is available on GitHub.'], null)).toBeNull();
    expect(keyResult(['We train on 3 datasets with 1024 x 1024 images in 2023.'], null)).toBeNull();
    expect(keyResult([], null)).toBeNull();
  });

  it('never gives a fragment: a number in a noun phrase is not a claim on its own', () => {
    const sentences = ['We propose X.', 'Only less than 1% of the parameters of diffusion models, namely the attention layers, need tuning.'];
    const line = keyResult(sentences, null);
    expect(line).not.toBe('Only less than 1% of the parameters of diffusion models');
    expect(line).toBe('Only less than 1% of the parameters of diffusion models, namely the attention layers, need tuning');
    // A participle, a hyphenated noun ("large-scale"), a capitalised name ending in -ed, a list item.
    for (const piece of ['Overall, achieving up to a 16% increase in model accuracy.', 'Besides large-scale human evaluation.', 'Our new planner, LazyLifted.', '(3) Exploring segment-based decoding for offline use.']) {
      expect(keyResult(['We propose X.', piece], null), piece).toBeNull();
    }
  });

  it('does not repeat what the TL;DR already says, but a new number is news', () => {
    const sentences = ['We propose X, which is 2.8x faster.', 'X is 2.8x faster than Y on Z.'];
    expect(keyResult(sentences, 'We propose X, which is 2.8x faster.')).toBeNull();
    const more = ['We study attacks on trajectory prediction.', 'Experiments show that the adversarial attack increases the prediction error by 150%.'];
    expect(keyResult(more, 'We study adversarial attacks that increase the prediction error.')).toBe('The adversarial attack increases the prediction error by 150%');
  });

  it('prefers the result over a setting', () => {
    const sentences = ['We propose X.', 'When allowing less than 3% additional parameters, the gains increase to 8.5% on GSM8K.'];
    expect(keyResult(sentences, null)).toBe('The gains increase to 8.5% on GSM8K');
  });

  it(`fits in ${KEY_RESULT_MAX_WORDS} words and keeps the number`, () => {
    const long = `We propose X. X improves accuracy by 4.5% on ${Array.from({ length: 40 }, (_, i) => `task${i}`).join(' and ')}.`;
    const r = keyResult(long.split('. ').map((s) => s + '.'), null)!;
    expect(r.split(' ').length).toBeLessThanOrEqual(KEY_RESULT_MAX_WORDS);
    expect(r).toContain('4.5%');
  });
});
