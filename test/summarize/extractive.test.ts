import { describe, expect, it } from 'vitest';
import { summarize, summarizeSentences } from '../../src/summarize/extractive.js';
import { MAX_CHARS, MAX_WORDS } from '../../src/summarize/fit.js';

const SPEC_DECODING = {
  title: 'LayerSkip: Enabling Early Exit Inference and Self-Speculative Decoding',
  abstract:
    'Large language models (LLMs) have become ubiquitous, but their inference is slow and expensive. ' +
    'Speculative decoding accelerates inference, yet it requires a separate draft model (Leviathan et al., 2023). ' +
    'In this paper, we present LayerSkip, an end-to-end solution that exits at early layers and verifies and corrects with the remaining layers of the same model [12]. ' +
    'We apply layer dropout during training and an early exit loss shared by all layers. ' +
    'We show speedups of up to 2.16x on summarization for CNN/DM documents, 1.82x on coding, and 2.0x on TOPv2 semantic parsing.',
};

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

describe('summarize (extractive)', () => {
  it('states the contribution, not the background, and drops the lead-in and citations', () => {
    const s = summarize(SPEC_DECODING);
    expect(s.tldr).toMatch(/^We present LayerSkip, an end-to-end solution/);
    expect(s.tldr).not.toMatch(/In this paper|\[12\]|ubiquitous/);
  });

  it('gives the headline number as the key result', () => {
    expect(summarize(SPEC_DECODING).keyResult).toMatch(/2\.16x on summarization for CNN\/DM/);
  });

  it('works without a title', () => {
    const s = summarize({ title: '', abstract: SPEC_DECODING.abstract });
    expect(s.tldr).toMatch(/LayerSkip/);
  });

  it('is deterministic', () => {
    expect(summarize(SPEC_DECODING)).toEqual(summarize({ ...SPEC_DECODING }));
  });

  it('fits the card budget at a word boundary and ends as a sentence', () => {
    const long =
      'We propose a method that ' +
      Array.from({ length: 30 }, (_, i) => `improves component ${i} of the pipeline, and`).join(' ') +
      ' finishes here.';
    const s = summarize({ title: 'A method', abstract: long });
    expect(s.tldr).not.toBeNull();
    const t = s.tldr!;
    expect(words(t).length).toBeLessThanOrEqual(MAX_WORDS);
    expect(t.length).toBeLessThanOrEqual(MAX_CHARS);
    expect(t).toMatch(/\.$/);
    expect(t).not.toMatch(/\b(?:and|of|the)\.$/);
    // every word but the last (which gained the period) is a whole word of the input
    for (const w of words(t).slice(0, -1)) expect(long).toContain(w);
  });

  it('never leaves half a parenthesis', () => {
    const abstract =
      'We introduce a benchmark (covering translation, summarization, question answering, dialogue, code generation, mathematical reasoning, ' +
      'commonsense inference, retrieval, classification, tagging, parsing and many further tasks that matter in practice) for evaluation.';
    const t = summarize({ title: 'A benchmark', abstract }).tldr!;
    expect(t.split('(').length).toBe(t.split(')').length);
  });

  it('removes LaTeX and keeps the readable bits of math', () => {
    const abstract =
      'We propose $k$-sparse attention with $\\mathcal{O}(n \\log n)$ cost \\cite{vaswani2017}, reaching a $2.8\\times$ speedup \\textbf{without} retraining. ' +
      'The bound $\\sum_{i=1}^{n} \\alpha_i^2 \\leq \\epsilon$ holds.';
    const s = summarize({ title: 'Sparse attention', abstract });
    expect(s.tldr).toBe('We propose k-sparse attention with O(n log n) cost, reaching a 2.8x speedup without retraining.');
    expect(s.tldr).not.toMatch(/[\\$^_{}]/);
  });

  describe('bad input gives a sensible TL;DR or none, never an exception', () => {
    const cases: Array<[string, unknown]> = [
      ['empty', { title: '', abstract: '' }],
      ['whitespace', { title: '  ', abstract: ' \n\t ' }],
      ['punctuation only', { title: 'x', abstract: '... !!! ???' }],
      ['numbers only', { title: 'x', abstract: '1 2 3 4. 5 6 7.' }],
      ['undefined fields', {}],
      ['null fields', { title: null, abstract: null }],
      ['non-string fields', { title: 42, abstract: { a: 1 } }],
      ['unbalanced LaTeX', { title: 'T', abstract: 'We propose $\\frac{1}{2 and \\begin{itemize} \\item{ a method } with {{{ braces.' }],
    ];
    it.each(cases)('%s', (_name, input) => {
      const s = summarize(input as { title: string; abstract: string });
      expect(s).toHaveProperty('tldr');
      if (s.tldr !== null) {
        expect(s.tldr.length).toBeGreaterThan(0);
        expect(s.tldr.length).toBeLessThanOrEqual(MAX_CHARS);
      }
    });

    it('empty abstract gives nulls', () => {
      expect(summarize({ title: 'Only a title', abstract: '' })).toEqual({ tldr: null, keyResult: null });
    });

    it('one sentence: that sentence', () => {
      expect(summarize({ title: 'X', abstract: 'We study how transformers count' }).tldr).toBe('We study how transformers count.');
    });

    it('50,000 characters: a TL;DR within budget', () => {
      const sentence = 'Background methods are widely used in many settings and have known drawbacks. ';
      const abstract = `${sentence.repeat(100)}We propose GiantNet, which scales to long inputs. ${sentence.repeat(600)}`.slice(0, 50_000);
      expect(abstract.length).toBe(50_000);
      const s = summarize({ title: 'GiantNet: scaling to long inputs', abstract });
      expect(s.tldr).toMatch(/GiantNet/);
      expect(s.tldr!.length).toBeLessThanOrEqual(MAX_CHARS);
    });

    it('a single 50,000-character word: empty or within budget', () => {
      const s = summarize({ title: 'x', abstract: 'a'.repeat(50_000) });
      expect(s.tldr === null || s.tldr.length <= MAX_CHARS).toBe(true);
    });

    it('German: a sentence of the abstract', () => {
      const abstract =
        'Große Sprachmodelle sind teuer im Betrieb. Wir stellen ein neues Verfahren zur Kompression von Sprachmodellen vor. Es halbiert den Speicherbedarf bei gleicher Genauigkeit.';
      const t = summarize({ title: 'Kompression von Sprachmodellen', abstract }).tldr!;
      expect(abstract).toContain(t);
    });

    it('Chinese without spaces: a TL;DR within budget', () => {
      const abstract = '大型语言模型的推理成本很高。我们提出了一种新的压缩方法，可以在保持准确率的同时将内存减少一半。实验表明该方法有效。'.repeat(3);
      const s = summarize({ title: '语言模型压缩', abstract });
      expect(s.tldr).toBeTruthy();
      expect(s.tldr!.length).toBeLessThanOrEqual(MAX_CHARS);
      expect(abstract).toContain(s.tldr!.replace(/\.$/, ''));
    });

    it('one endless CJK run is cut within budget', () => {
      const s = summarize({ title: 't', abstract: '我们提出了一种新的方法，'.repeat(60) });
      expect(s.tldr === null || s.tldr.length <= MAX_CHARS).toBe(true);
    });
  });

  it('summarizeSentences takes SciTLDR-style pre-split sentences', () => {
    const s = summarizeSentences('', ['Deep networks are popular.', 'We introduce a loss scaling method for mixed precision training.']);
    expect(s.tldr).toBe('We introduce a loss scaling method for mixed precision training.');
  });
});
