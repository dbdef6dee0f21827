import { describe, expect, it } from 'vitest';
import { splitExclusions } from '../../src/search/exclusions.js';

describe('splitExclusions', () => {
  it.each([
    ['lora NOT diffusion', 'lora', ['diffusion']],
    ['lora -diffusion', 'lora', ['diffusion']],
    ['lora NOT "text to image"', 'lora', ['text to image']],
    ['lora -"text to image" -quantization', 'lora', ['text to image', 'quantization']],
    ['lora NOT \u201ctext to image\u201d', 'lora', ['text to image']],
    ['LoRA -low-rank', 'LoRA', ['low-rank']],
    ['-diffusion', '', ['diffusion']],
  ])('%s', (query, text, excluded) => {
    const split = splitExclusions(query);
    expect(split.text.replace(/\s+/g, ' ').trim()).toBe(text);
    expect(split.excluded).toEqual(excluded);
  });

  it('leaves words that only look like exclusions', () => {
    for (const query of ['lora not diffusion', 'state-of-the-art lora', 'x-ray lora', 'lora - diffusion', 'NOTE taking', 'lora NOT ""']) {
      expect(splitExclusions(query).excluded, query).toEqual([]);
    }
  });
});
