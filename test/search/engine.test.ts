import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parsePaperLines } from '../../src/papers/json-lines.js';
import { SAMPLE_FILE } from '../../src/library/sample.js';
import { parseArxivId } from '../../src/papers/ids.js';
import { createBm25fIndex, type Bm25fIndex } from '../../src/search/engine.js';
import type { SearchDoc } from '../../src/search/search-index.js';
import { syntheticPapers } from '../../bench/synthetic-library.js';

const doc = (id: string, title: string, abstract: string, authors: string[] = []): SearchDoc => ({ id, title, abstract, authors });
const ids = (index: Bm25fIndex, q: string, limit = 10) => index.search(q, { limit }).hits.map((h) => h.id);

let sample: SearchDoc[];
let index: Bm25fIndex;
const titleOf = (id: string) => sample.find((d) => d.id === id)!.title;

beforeAll(() => {
  sample = parsePaperLines(readFileSync(SAMPLE_FILE, 'utf8')).records.map((r) => doc(r.id, r.title, r.abstract, r.authors));
  index = createBm25fIndex();
  index.add(sample);
});

describe('acronyms mined from the library', () => {
  const definer = doc('d', 'A study of adapters', 'We revisit Low-Rank Adaptation (LoRA) for vision models.');
  const spelled = doc('s', 'Cheap tuning', 'We fine-tune with low-rank adaptation of attention weights.');
  const short = doc('a', 'LoRA at scale', 'We train LoRA modules on many tasks.');

  it('expands both ways once a paper defines the pair, and forgets it when that paper goes', () => {
    const ix = createBm25fIndex();
    ix.add([spelled, short]);
    expect(ids(ix, 'lora')).toEqual(['a']);
    ix.add([definer]);
    expect(ids(ix, 'lora')).toContain('s');
    expect(ids(ix, 'low-rank adaptation')).toContain('a');
    const r = ix.search('lora');
    expect(r.expansions).toContainEqual({ from: 'lora', to: 'low-rank adaptation' });
    expect(r.hits.find((h) => h.id === 's')!.matches).toContainEqual(expect.objectContaining({ via: 'acronym', form: 'low-rank adaptation' }));
    // The papers that say LoRA rank above the one that only spells it out.
    expect(ids(ix, 'lora').indexOf('s')).toBeGreaterThan(ids(ix, 'lora').indexOf('a'));
    ix.remove('d');
    expect(ids(ix, 'lora')).toEqual(['a']);
  });

  it('counts plurals and composite names as mentions', () => {
    const ix = createBm25fIndex();
    ix.add([doc('q', 'QLoRA: efficient finetuning', 'Quantized adapters.'), doc('p', 'Mixing adapters', 'We merge several LoRAs.'), doc('m', 'LoRAMoE', 'Experts.'), doc('x', 'Unrelated', 'Nothing here.')]);
    expect(ids(ix, 'lora').sort()).toEqual(['m', 'p', 'q']);
    expect(ids(ix, 'moe')).toEqual(['m']);
    expect(ix.search('lora').hits.find((h) => h.id === 'q')!.matches![0]).toMatchObject({ via: 'composite', form: 'QLoRA', fields: ['title'] });
  });

  it('finds LoRA papers in the sample that never write "LoRA"', () => {
    const hits = ids(index, 'lora', 30).map(titleOf);
    expect(hits).toContain('Training Neural Networks from Scratch with Parallel Low-Rank Adapters');
    expect(hits.slice(0, 5).every((t) => /lora/i.test(t))).toBe(true);
  });
});

describe('ranking on the sample', () => {
  it('puts speculative decoding papers first, titles before abstracts', () => {
    const top = ids(index, 'speculative decoding', 4).map(titleOf);
    expect(top.every((t) => /speculative decoding/i.test(t))).toBe(true);
  });

  it('tolerates typos without touching correct queries', () => {
    const fixed = index.search('speculatve decodng', { limit: 4 });
    expect(fixed.searchedFor).toBe('speculative decoding');
    expect(fixed.corrections!.map((c) => c.kind)).toEqual(['typo', 'typo']);
    expect(fixed.hits.map((h) => titleOf(h.id)).every((t) => /speculative decoding/i.test(t))).toBe(true);
    const exact = index.search('speculative decoding');
    expect(exact.searchedFor).toBeUndefined();
    expect(exact.corrections).toBeUndefined();
    // A rare but real word is kept as typed.
    expect(index.search('loldu').corrections).toBeUndefined();
    expect(titleOf(ids(index, 'loldu')[0])).toMatch(/^LoLDU/);
  });

  it('keeps a rare word first and looks for its common neighbour beside it', () => {
    const ix = createBm25fIndex();
    const topics = ['speech', 'vision', 'graphs', 'proteins', 'music', 'code', 'tables', 'maps', 'video', 'robots', 'chemistry', 'law'];
    const common = topics.map((t, i) => doc(`c${i}`, `Decoding for ${t}`, `Faster decoding of ${t} with small models and ${t} data.`));
    ix.add([...common, doc('typo', 'Notes on decodng', 'A decodng trick.'), doc('x', 'Cooking', 'Soup.')]);
    const r = ix.search('decodng');
    expect(r.hits[0].id).toBe('typo');
    expect(r.hits.length).toBe(10);
    expect(r.corrections).toEqual([{ from: 'decodng', to: ['decoding'], kind: 'also' }]);
    expect(r.searchedFor).toBeUndefined();
  });

  it('completes a word cut short', () => {
    const r = index.search('quant');
    expect(r.corrections?.[0]).toMatchObject({ from: 'quant', kind: 'prefix' });
    expect(r.corrections?.[0].to).toContain('quantization');
    expect(titleOf(r.hits[0].id)).toMatch(/quantization/i);
  });

  it('spells acronyms out for papers that only use the long form', () => {
    const r = index.search('mixture of experts');
    expect(r.expansions).toContainEqual({ from: 'mixture of experts', to: 'MoE' });
    expect(titleOf(r.hits[0].id)).toMatch(/mixture/i);
  });

  it('answers similar with papers on the same topic, never the paper itself', () => {
    const layerSkip = sample.find((d) => d.title.startsWith('LayerSkip'))!.id;
    const sim = index.similar(layerSkip, { limit: 5 }).hits.map((h) => h.id);
    expect(sim).not.toContain(layerSkip);
    expect(sim.map(titleOf).filter((t) => /speculative|decoding/i.test(t)).length).toBeGreaterThanOrEqual(2);
    expect(index.similar('nope').hits).toEqual([]);
  });

  it('explains each hit: which words, where', () => {
    const hit = index.search('activation sparsity').hits[0];
    expect(hit.matched).toEqual(expect.arrayContaining(['activation', 'sparsity']));
    expect(hit.matches!.every((m) => m.fields.length > 0)).toBe(true);
  });
});

describe('the index itself', () => {
  it('rewards words together over words apart', () => {
    const ix = createBm25fIndex();
    ix.add([
      doc('apart', 'Notes', 'Decoding is studied. Later, in other work, a speculative analysis of markets.'),
      doc('near', 'Notes', 'We study speculative decoding. Later, in other work, an analysis of markets.'),
      doc('z1', 'Other', 'Unrelated text about cooking.'),
    ]);
    expect(ids(ix, 'speculative decoding')[0]).toBe('near');
  });

  it('keeps one of two near-identical papers', () => {
    const ix = createBm25fIndex();
    const text = 'We present a method for speculative decoding with a small draft model and a large target model.';
    ix.add([doc('2401.00001', 'Fast drafting for speculative decoding', text), doc('t-abcdefabcdef', 'Fast Drafting for Speculative Decoding', text), doc('x', 'Other decoding', 'Beam search decoding.')]);
    const hits = ids(ix, 'speculative decoding');
    expect(hits.filter((h) => h !== 'x')).toHaveLength(1);
  });

  it('replaces a paper added again with new text; unchanged text is a no-op', () => {
    const ix = createBm25fIndex();
    ix.add([doc('p', 'Old title about graphs', 'Graph neural networks.')]);
    ix.add([doc('p', 'Old title about graphs', 'Graph neural networks.')]);
    expect(ix.stats().deadPostings).toBe(0);
    ix.add([doc('p', 'New title about diffusion', 'Diffusion models.')]);
    expect(ids(ix, 'graphs')).toEqual([]);
    expect(ids(ix, 'diffusion')).toEqual(['p']);
    expect(ix.size()).toBe(1);
    ix.remove('p');
    expect(ix.size()).toBe(0);
    expect(ids(ix, 'diffusion')).toEqual([]);
  });

  it('stays correct through heavy churn (dead postings compacted)', () => {
    const ix = createBm25fIndex();
    const papers = syntheticPapers(1_500, 3);
    ix.add(papers);
    const before = ids(ix, 'speculative decoding', 20);
    for (let round = 0; round < 3; round++) ix.add(papers.map((p) => ({ ...p, abstract: `${p.abstract} Revision ${round}.` })));
    ix.add(papers);
    expect(ix.stats().deadPostings).toBeLessThan(ix.stats().postings);
    expect(ix.size()).toBe(1_500);
    expect(ids(ix, 'speculative decoding', 20)).toEqual(before);
  });

  it('honours filters and exclusions', () => {
    const allowed = new Set(ids(index, 'lora', 20).slice(5, 8));
    expect(index.search('lora', { filter: (id) => allowed.has(id) }).hits.map((h) => h.id).sort()).toEqual([...allowed].sort());
    const r = index.search('lora -qlora');
    expect(r.excluded).toEqual(['qlora']);
    expect(r.hits.map((h) => titleOf(h.id)).some((t) => /qlora/i.test(t))).toBe(false);
    expect(index.search('lora NOT quantization').excluded).toEqual(['quantization']);
  });

  it('answers bad input without throwing', () => {
    expect(index.search('').hits).toEqual([]);
    expect(index.search('!!! ??? ...').hits).toEqual([]);
    expect(index.search('🚀🔥').hits).toEqual([]);
    expect(index.search('the of and').onlyStopWords).toBe(true);
    const long = index.search('speculative decoding '.repeat(600));
    expect(long.truncated).toBe(true);
    expect(long.hits.length).toBeGreaterThan(0);
    expect(ids(index, '"speculative decoding"')).toEqual(ids(index, 'speculative decoding'));
    expect(index.search('lora AND (quantization OR pruning)').hits.length).toBeGreaterThan(0);
    const none = index.search('zzqqxxyy');
    expect(none.hits).toEqual([]);
    expect(none.suggestions!.length).toBeGreaterThan(0);
  });
});

describe('synthetic library', () => {
  it('is deterministic, with unique arXiv-style ids', () => {
    const a = syntheticPapers(300);
    expect(syntheticPapers(300)).toEqual(a);
    expect(syntheticPapers(10)).toEqual(a.slice(0, 10));
    expect(new Set(a.map((p) => p.id)).size).toBe(300);
    expect(a.every((p) => parseArxivId(p.id)?.id === p.id && p.title && p.abstract && p.authors.length >= 1)).toBe(true);
    expect(syntheticPapers(5, 2)).not.toEqual(a.slice(0, 5));
  });
});
