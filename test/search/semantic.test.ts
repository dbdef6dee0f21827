import { describe, expect, it } from 'vitest';
import { whyMatched } from '../../src/commands/search-replies.js';
import { seededRandom } from '../../src/random.js';
import { createBm25fIndex } from '../../src/search/engine.js';
import { contentWords } from '../../src/search/learn-from-text.js';
import type { SearchDoc } from '../../src/search/search-index.js';
import { learnTermVectors } from '../../src/search/term-vectors.js';
import { decodeTermVectors, encodeTermVectors } from '../../src/search/vector-codec.js';

/**
 * A small library where "drafter" and "speculative" never share a paper but share their neighbours
 * (inference, latency, tokens...), as paraphrases do; "protein" papers have neighbours of their own.
 */
function library(n = 300): SearchDoc[] {
  const rnd = seededRandom(3);
  const pick = (words: string[], k: number) => Array.from({ length: k }, () => words[Math.floor(rnd() * words.length)]);
  const fast = ['inference', 'latency', 'tokens', 'acceleration', 'throughput', 'verification', 'generation'];
  const bio = ['folding', 'structure', 'residue', 'amino', 'binding', 'sequence', 'enzyme'];
  const filler = ['method', 'results', 'propose', 'study', 'approach', 'experiments'];
  const docs: SearchDoc[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    const key = kind === 0 ? 'speculative' : kind === 1 ? 'drafter' : 'protein';
    const ctx = kind === 2 ? bio : fast;
    const words = [...pick(filler, 3), key, ...pick(ctx, 3), key, ...pick(ctx, 4), ...pick(filler, 2)];
    docs.push({ id: `p${i}`, title: `${pick(ctx, 2).join(' ')} study ${i}`, abstract: `${words.join(' ')}.`, authors: [] });
  }
  return docs;
}

const vectorsOf = (docs: SearchDoc[]) => learnTermVectors(() => docs.map((d) => contentWords(d.title, d.abstract)), { dims: 64, minDf: 2 });

describe('word vectors learned from the library', () => {
  const docs = library();
  const tv = vectorsOf(docs);
  const row = new Map(tv.terms.map((t, i) => [t, i]));
  const cos = (a: string, b: string) => {
    let s = 0;
    for (let d = 0; d < tv.dims; d++) s += tv.vectors[row.get(a)! * tv.dims + d] * tv.vectors[row.get(b)! * tv.dims + d];
    return s;
  };

  it('puts words used among the same neighbours close, though no paper has both', () => {
    expect(docs.some((d) => d.abstract.includes('drafter') && d.abstract.includes('speculative'))).toBe(false);
    expect(cos('drafter', 'specul')).toBeGreaterThan(cos('drafter', 'protein') + 0.3);
  });

  it('learns the same vectors from the same library', () => {
    expect(Array.from(vectorsOf(docs).vectors)).toEqual(Array.from(tv.vectors));
  });

  it('survives storage as text with the same nearest words; a damaged row is refused', () => {
    const back = decodeTermVectors(JSON.parse(JSON.stringify(encodeTermVectors(tv))))!;
    expect(back.terms).toEqual(tv.terms);
    for (let i = 0; i < tv.vectors.length; i++) expect(Math.abs(back.vectors[i] - tv.vectors[i])).toBeLessThan(0.02);
    expect(decodeTermVectors({ ...encodeTermVectors(tv), values: 'AAAA' })).toBeNull();
  });

  it('search finds papers close in meaning and says so; filters and exclusions still hold', () => {
    const index = createBm25fIndex({ lexicalWeight: 0 });
    index.add(docs);
    const byId = new Map(docs.map((d) => [d.id, d]));
    // No vectors yet: lexical only, whatever the weights.
    expect(index.search('drafter', { limit: 50 }).hits.every((h) => byId.get(h.id)!.abstract.includes('drafter'))).toBe(true);
    index.setTermVectors(tv);
    expect(index.semantic()).toMatchObject({ terms: tv.terms.length, dims: 64 });
    const hits = index.search('drafter', { limit: 20 }).hits;
    // Only papers on fast generation, none on proteins; speculative ones are found by meaning.
    expect(hits.every((h) => !byId.get(h.id)!.abstract.includes('protein'))).toBe(true);
    const found = hits.find((h) => byId.get(h.id)!.abstract.includes('speculative'));
    expect(found).toBeDefined();
    const filtered = index.search('drafter', { limit: 20, filter: (id) => id !== hits[0].id }).hits;
    expect(filtered.map((h) => h.id)).not.toContain(hits[0].id);
    const fused = createBm25fIndex();
    fused.add(docs);
    fused.setTermVectors(tv);
    const meaning = fused.search('drafter -speculative', { limit: 50 }).hits;
    expect(meaning.every((h) => !byId.get(h.id)!.abstract.includes('speculative'))).toBe(true);
    const similar = fused.similar('p0', { limit: 10 }).hits;
    expect(similar.map((h) => h.id)).not.toContain('p0');
    expect(similar.every((h) => !byId.get(h.id)!.abstract.includes('protein'))).toBe(true);
  });

  it('explains a paper found only by meaning with its words closest to the query', () => {
    const index = createBm25fIndex();
    const extra: SearchDoc = { id: 'x', title: 'Fast decoding', abstract: 'speculative tokens latency inference throughput.', authors: [] };
    index.add([...docs, extra]);
    index.setTermVectors(tv);
    const hit = index.search('drafter', { limit: 200 }).hits.find((h) => h.id === 'x')!;
    expect(hit.matches![0]).toMatchObject({ via: 'meaning', query: 'drafter' });
    expect(hit.matched.length).toBeGreaterThan(0);
  });
});

describe('why lines for papers found by meaning', () => {
  it('names the words close in meaning to what was asked', () => {
    expect(whyMatched([{ query: 'drafter', form: 'speculative', via: 'meaning', fields: [] }], [])).toEqual(['close in meaning to "drafter": speculative']);
  });
});
