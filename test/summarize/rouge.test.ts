import { describe, expect, it } from 'vitest';
import { bestRouge, rouge, rougeTokens } from '../../bench/rouge.js';

describe('ROUGE (rouge-score conventions)', () => {
  it('tokenizes lower-cased alphanumerics and Porter-stems tokens longer than 3 characters', () => {
    expect(rougeTokens('The Models, re-trained: 2.5x!')).toEqual(['the', 'model', 're', 'train', '2', '5x']);
  });

  it('matches hand-computed scores', () => {
    const s = rouge('the cat sat on the mat', 'the cat is on the mat');
    expect(s.rouge1).toBeCloseTo(5 / 6, 10);
    expect(s.rouge2).toBeCloseTo(3 / 5, 10);
    expect(s.rougeL).toBeCloseTo(5 / 6, 10);
  });

  it('is 1 for identical and 0 for disjoint or empty text', () => {
    expect(rouge('We propose a model.', 'we propose a model')).toEqual({ rouge1: 1, rouge2: 1, rougeL: 1 });
    expect(rouge('alpha beta', 'gamma delta')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(rouge('', 'gamma delta').rouge1).toBe(0);
  });

  it('counts clipped n-grams (a repeated word matches only as often as the reference has it)', () => {
    // candidate "the the the" vs reference "the cat": overlap 1, P = 1/3, R = 1/2
    expect(rouge('the the the', 'the cat').rouge1).toBeCloseTo((2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2), 10);
  });

  it('takes each metric\'s best over the references', () => {
    const best = bestRouge('we propose a new model', ['a new model', 'something else entirely']);
    expect(best.rouge1).toBeCloseTo(rouge('we propose a new model', 'a new model').rouge1, 10);
  });
});
