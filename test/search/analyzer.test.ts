import { describe, expect, it } from 'vitest';
import { analyze, analyzeTerms, normalizeText } from '../../src/search/analyzer.js';
import { findAcronyms, createAcronymDictionary } from '../../src/search/acronyms.js';
import { isNameLike, nameSegments } from '../../src/search/composites.js';
import { createVocabulary, editDistance } from '../../src/search/typos.js';

describe('analyzer', () => {
  it('keeps a hyphenated word whole and split', () => {
    expect(analyzeTerms('low-rank')).toEqual(['low-rank', 'low', 'rank']);
    const toks = analyze('Low-Rank adaptation');
    expect(toks.map((t) => [t.term, t.kind, t.pos])).toEqual([
      ['low-rank', 'compound', 0],
      ['low', 'word', 0],
      ['rank', 'word', 1],
      ['adapt', 'word', 2],
    ]);
    expect(toks[0].joined).toBe('lowrank');
    expect(toks[1].part).toBe(true);
    expect(toks[3].part).toBeUndefined();
  });

  it('stems English with Porter2 and drops stop words', () => {
    expect(analyzeTerms('The adapters of adaptation')).toEqual(['adapt', 'adapt']);
    expect(analyzeTerms('merging merged merge')).toEqual(['merg', 'merg', 'merg']);
    expect(analyzeTerms('a an the of to')).toEqual([]);
  });

  it('normalizes Unicode: compatibility forms, accents, case', () => {
    expect(normalizeText('naïve ﬁne')).toBe('naive fine');
    expect(analyzeTerms('ＬｏＲＡ')).toEqual(analyzeTerms('lora'));
    expect(analyzeTerms('Schrödinger’s cat')).toEqual(analyzeTerms('schrodinger cat'));
  });

  it('reads acronym plurals as the acronym, and keeps numbers', () => {
    expect(analyzeTerms('LoRAs LLMs dLLMs')).toEqual(['lora', 'llm', 'dllm']);
    expect(analyzeTerms('BitNet b1.58 uses 1-bit weights')).toContain('b1.58');
    expect(analyzeTerms('1-bit')).toEqual(['1-bit', '1', 'bit']);
  });

  it('never throws on odd text', () => {
    for (const text of ['', '   ', '!!!', '🚀🚀', 'x'.repeat(10_000), '"""', '\u0000\u200b', '-'.repeat(50), 'a-'.repeat(500)]) {
      expect(Array.isArray(analyze(text))).toBe(true);
    }
  });
});

describe('Schwartz & Hearst acronyms', () => {
  it('finds the long form right to left before the parenthesis', () => {
    expect(findAcronyms('We use Low-Rank Adaptation (LoRA) to tune.')).toEqual([{ short: 'LoRA', long: 'Low-Rank Adaptation' }]);
    expect(findAcronyms('A sparse mixture-of-experts (MoE) layer.')).toEqual([{ short: 'MoE', long: 'mixture-of-experts' }]);
    expect(findAcronyms('Large language models (LLMs) are big.')).toEqual([{ short: 'LLMs', long: 'Large language models' }]);
  });

  it('takes "short (long form)" too, and skips asides', () => {
    expect(findAcronyms('We call it PEFT (parameter-efficient fine-tuning) here.')).toEqual([{ short: 'PEFT', long: 'parameter-efficient fine-tuning' }]);
    expect(findAcronyms('Results improve (e.g. on GSM8K) in 2023 (see Fig. 3) and (ours).')).toEqual([]);
    expect(findAcronyms('Some text (XYZ) where letters do not match.')).toEqual([]);
  });

  it('counts definitions per paper, both ways, and forgets a removed paper', () => {
    const dict = createAcronymDictionary();
    dict.addDocument(1, 'Low-Rank Adaptation (LoRA) is cheap. Again, Low-Rank Adaptation (LoRA).');
    dict.addDocument(2, 'We build on low-rank adaptation (LoRA).');
    expect(dict.longForms('lora').map((l) => [l.key, l.count])).toEqual([['low rank adapt', 2]]);
    expect(dict.shortForms('low rank adapt').map((s) => [s.term, s.display])).toEqual([['lora', 'LoRA']]);
    dict.removeDocument(1);
    dict.removeDocument(2);
    expect(dict.longForms('lora')).toEqual([]);
    expect(dict.size()).toBe(0);
  });
});

describe('composite names', () => {
  it('cuts names where the letter case changes', () => {
    expect(nameSegments('QLoRA')).toContain('lora');
    expect(nameSegments('LoRAMoE')).toEqual(expect.arrayContaining(['lora', 'moe']));
    expect(nameSegments('LoraHub')).toEqual(expect.arrayContaining(['lora', 'hub']));
    expect(nameSegments('LongQLoRA')).toEqual(expect.arrayContaining(['long', 'qlora', 'lora']));
    expect(nameSegments('dLLM')).toEqual(['llm']);
    expect(nameSegments('LoRA')).toEqual([]);
    expect(nameSegments('adaptation')).toEqual([]);
    expect(isNameLike('BERT')).toBe(false);
  });
});

describe('spelling help', () => {
  it('measures edits with a cut-off, transpositions counting once', () => {
    expect(editDistance('decodng', 'decoding', 2)).toBe(1);
    expect(editDistance('decdoing', 'decoding', 2)).toBe(1);
    expect(editDistance('speculatve', 'speculative', 2)).toBe(1);
    expect(editDistance('abc', 'xyzw', 1)).toBe(2);
  });

  it('suggests common library words, closest first', () => {
    const papers = [5, 5, 5, 5, 1];
    const v = createVocabulary((key) => papers[key]);
    ['decoding', 'speculative', 'quantization', 'quantized', 'decodes'].forEach((w, key) => v.note(w, key));
    expect(v.near('decodng')[0]).toMatchObject({ word: 'decoding', distance: 1 });
    expect(v.near('cat')).toEqual([]);
    expect(v.completions('quant', 3).map((c) => c.word).sort()).toEqual(['quantization', 'quantized']);
  });

  it('finds the same close words as a full scan, with many words and more than the sorted tail', () => {
    // 3,000 pseudo-random words: the letter pre-filter must drop only words that are too far.
    const letters = 'abcdeilmnorstuz';
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const words = new Set<string>();
    while (words.size < 3_000) words.add(Array.from({ length: 4 + Math.floor(rnd() * 6) }, () => letters[Math.floor(rnd() * letters.length)]).join(''));
    const list = [...words];
    const v = createVocabulary(() => 3);
    list.forEach((w, key) => v.note(w, key));
    for (const probe of list.slice(0, 40).map((w) => w.slice(1) + 'x')) {
      const max = 2;
      const brute = list.filter((w) => w !== probe && editDistance(probe, w, max) <= max).sort();
      expect(v.near(probe, max).map((n) => n.word).sort()).toEqual(brute);
      const prefix = probe.slice(0, 3);
      const starting = list.filter((w) => w.length > 3 && w.startsWith(prefix));
      expect(v.completions(prefix, 10_000).length).toBe(starting.length);
    }
  });
});
