import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { handleCommand } from '../../src/commands/handle.js';
import { CTX, sampleApp } from '../helpers/app.js';

let app: App;
beforeAll(async () => {
  app = await sampleApp();
});
afterAll(async () => {
  await app?.close();
});

describe('/papers search replies', () => {
  it('says why each paper matched', async () => {
    const r = await handleCommand(app, CTX, '/papers speculative decoding');
    expect(r.cards).toHaveLength(5);
    expect(r.text).toMatch(/^Top 5 papers for "speculative decoding"/m);
    expect(r.cards[0].why[0]).toMatch(/^title: speculative, decoding/);
  });

  it('says what it searched for instead of a misspelled query', async () => {
    const r = await handleCommand(app, CTX, '/papers speculatve decodng');
    expect(r.text).toContain('No papers say "speculatve", "decodng": searched for "speculative decoding" instead.');
    expect(r.text).toContain('Top 5 papers for "speculative decoding"');
    expect(r.cards[0].title).toMatch(/speculative decoding/i);
  });

  it('names acronym expansions and composite names', async () => {
    const r = await handleCommand(app, CTX, '/papers lora');
    expect(r.text).toMatch(/Also matching "low-rank adaptation" for "lora"/);
    const all = (await handleCommand(app, CTX, '/papers qlora')).cards;
    expect(all[0].title).toMatch(/QLoRA/);
  });

  it('suggests something when nothing matches', async () => {
    const r = await handleCommand(app, CTX, '/papers zzqqxxyyw');
    expect(r.cards).toEqual([]);
    expect(r.text).toMatch(/^No papers match "zzqqxxyyw"\. Try `\/papers [^`]+`/);
  });

  it('answers bad input with help, a note or a suggestion, never an error', async () => {
    const cases: Array<[string, RegExp]> = [
      ['', /\/papers <query>/],
      ['!!! ???', /at least one letter or digit/],
      ['🚀🔥', /at least one letter or digit/],
      ['the of and', /only common words/],
      ['-lora', /at least one word to look for/],
      [`speculative decoding ${'x'.repeat(10_000)}`, /Your query was long, so I searched for its first \d+ characters/],
      ['"speculative decoding"', /Top \d papers/],
      ['lora AND NOT quantization', /Leaving out papers that mention "quantization"/],
      ['(lora OR qlora) AND', /Top \d papers/],
    ];
    for (const [text, expected] of cases) {
      const r = await handleCommand(app, CTX, text);
      expect(r.text, text.slice(0, 40)).toMatch(expected);
      expect(r.text).not.toMatch(/went wrong/);
    }
  });

  it('lists papers similar to one paper, with what they share', async () => {
    const seed = (await handleCommand(app, CTX, '/papers layerskip')).cards[0];
    const r = await handleCommand(app, CTX, `/papers similar ${seed.paperId}`);
    expect(r.text).toMatch(/^Papers similar to "LayerSkip/);
    expect(r.cards.length).toBeGreaterThan(0);
    expect(r.cards.map((c) => c.paperId)).not.toContain(seed.paperId);
    expect(r.cards[0].why[0]).toMatch(/^shares /);
  });
});
