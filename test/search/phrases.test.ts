import { describe, expect, it } from 'vitest';
import { createBm25fIndex } from '../../src/search/engine.js';
import type { SearchDoc } from '../../src/search/search-index.js';

describe('phrase matches kept for common long forms', () => {
  it('are recomputed once papers are added or removed', () => {
    // 600 papers spell out the long form: enough for its matches to be kept between queries.
    const docs: SearchDoc[] = Array.from({ length: 600 }, (_, i) => ({ id: `s${i}`, title: `Study ${i}`, abstract: 'We tune with low-rank adaptation of weights.', authors: [] }));
    docs.push({ id: 'def', title: 'Adapters', abstract: 'Low-Rank Adaptation (LoRA) is cheap.', authors: [] });
    const index = createBm25fIndex();
    index.add(docs);
    const found = (q: string) => index.search(q, { limit: 1000 }).hits.map((h) => h.id);
    expect(found('lora')).toHaveLength(601);
    index.add([{ id: 'new', title: 'More', abstract: 'Again low-rank adaptation here.', authors: [] }]);
    expect(found('lora')).toContain('new');
    index.remove('s0');
    expect(found('lora')).not.toContain('s0');
    expect(found('lora')).toHaveLength(601);
  });
});
