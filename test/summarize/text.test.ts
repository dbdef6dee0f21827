import { describe, expect, it } from 'vitest';
import { cleanAbstract } from '../../src/summarize/clean.js';
import { compressSentence, dropAsides, stripLeadIn } from '../../src/summarize/compress.js';
import { fitTldr, tidyEnd } from '../../src/summarize/fit.js';
import { splitSentences } from '../../src/summarize/sentences.js';

describe('splitSentences', () => {
  it('does not split at academic abbreviations, initials or decimals', () => {
    const text =
      'We follow Smith et al. and use e.g. BERT, i.e. a transformer. Results in Fig. 3 and Eq. 2 improve by 2.5 points vs. the baseline. ' +
      'J. Doe reported it first. The U.S. data is public.';
    expect(splitSentences(text)).toEqual([
      'We follow Smith et al. and use e.g. BERT, i.e. a transformer.',
      'Results in Fig. 3 and Eq. 2 improve by 2.5 points vs. the baseline.',
      'J. Doe reported it first.',
      'The U.S. data is public.',
    ]);
  });

  it('splits at ?, ! and after closing quotes or brackets', () => {
    expect(splitSentences('Can models count? Yes! They say "it works." Then (we check.) Done')).toEqual([
      'Can models count?',
      'Yes!',
      'They say "it works."',
      'Then (we check.)',
      'Done',
    ]);
  });

  it('splits CJK text at full stops', () => {
    expect(splitSentences('我们提出了一种方法。实验表明它有效。')).toEqual(['我们提出了一种方法。', '实验表明它有效。']);
  });

  it('handles empty input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('cleanAbstract', () => {
  it.each([
    ['citations', 'Transformers [1, 3-5] (Vaswani et al., 2017; Devlin et al. 2019) \\citep{x} work.', 'Transformers work.'],
    ['URLs and the preposition before them', 'Code is available at https://github.com/a/b. Next.', 'Code is available. Next.'],
    ['markdown emphasis', 'We introduce **Roads to Rome (R2R)**, a *neural* router.', 'We introduce Roads to Rome (R2R), a neural router.'],
    ['TeX that lost its backslashes', 'a decay leftlfloor L times (alpha^i) rightrfloor with 7 sim 70 billion and a 10times speedup', 'a decay L times (alpha^i) with 7-70 billion and a 10x speedup'],
    ['formatting commands', 'This is \\textbf{bold} and \\emph{new} with 50\\% gain.', 'This is bold and new with 50% gain.'],
    ['a lost space between sentences', 'in embedded development.In this paper, we go.', 'in embedded development. In this paper, we go.'],
    ['greek in math', 'An $\\alpha$-divergence bound.', 'An alpha-divergence bound.'],
    ['unreadable math', 'We bound $\\sum_i x_i^2$ tightly.', 'We bound tightly.'],
  ])('%s', (_name, input, expected) => {
    expect(cleanAbstract(input)).toBe(expected);
  });
});

describe('compress', () => {
  it.each([
    ['In this paper, we propose X.', 'We propose X.'],
    ['To address this issue, in this work we present X.', 'We present X.'],
    ['To cope with it effectively, we propose a new structure.', 'We propose a new structure.'],
    ['Specifically, we design Y.', 'We design Y.'],
    ['While prior methods need labels, we learn without them.', 'We learn without them.'],
    // a lead-in is only dropped when the contribution's subject follows
    ['Based on this, the model is trained.', 'Based on this, the model is trained.'],
  ])('stripLeadIn(%j)', (input, expected) => {
    expect(stripLeadIn(input)).toBe(expected);
  });

  it('drops asides but keeps acronyms and notation', () => {
    expect(dropAsides('We propose GNN-X (a graph network, see appendix) for graphs (GNNs) in O(n log n) time.')).toBe(
      'We propose GNN-X for graphs (GNNs) in O(n log n) time.',
    );
  });

  it('compressSentence combines both', () => {
    expect(compressSentence('In this paper, we introduce a loss (i.e., a new objective) for ranking.')).toBe('We introduce a loss for ranking.');
  });
});

describe('fitTldr', () => {
  it('keeps a sentence that fits, adding the final period', () => {
    expect(fitTldr('We propose X')).toBe('We propose X.');
  });

  it('cuts a long sentence at a clause boundary, within budget', () => {
    const text =
      'We propose a retrieval method for long documents that indexes passages with learned sparse vectors, which lets a standard inverted index serve ' +
      'queries at web scale while keeping the accuracy of dense retrieval on every benchmark we tried in our experiments.';
    const out = fitTldr(text);
    // the last boundary that fits: before ", while keeping ..."
    expect(out).toBe(
      'We propose a retrieval method for long documents that indexes passages with learned sparse vectors, which lets a standard inverted index serve queries at web scale.',
    );
  });

  it('never ends on a dangling function word when it has to cut mid-clause', () => {
    const text = Array.from({ length: 50 }, (_, i) => `word${i} of the`).join(' ');
    const out = fitTldr(text);
    expect(out.split(' ').length).toBeLessThanOrEqual(35);
    expect(out).not.toMatch(/\b(?:of|the)\.$/);
  });

  it('respects the character budget', () => {
    const out = fitTldr(`We propose ${'supercalifragilistic '.repeat(30)}`);
    expect(out.length).toBeLessThanOrEqual(240);
  });

  it('tidyEnd removes an unclosed bracket and what follows it', () => {
    expect(tidyEnd('errors are strongly correlated (avg.')).toBe('errors are strongly correlated');
    expect(tidyEnd('we use three tasks (a) and')).toBe('we use three tasks (a)');
  });
});
