import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCard } from '../../adapters/console/render.js';
import { cardMeta } from '../../adapters/slack/blocks.js';
import type { App } from '../../src/app.js';
import { handleAction, handleCommand } from '../../src/commands/handle.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { CTX, sampleApp } from '../helpers/app.js';

// A paper imported without an arXiv id (a workshop paper, a blog post with an abstract).
const PAPER = {
  title: 'Sparse Mixture Routing for Long-Context Speculative Decoding',
  abstract: 'We route draft tokens through a sparse mixture of small experts. Drafting is 2.1x faster on long documents.',
  authors: ['Ada Quillfeather', 'Bo Sterne'],
  published: '2024-05-02T00:00:00Z',
};

describe('papers without an arXiv id have a stable short id that every command takes', () => {
  let app: App;
  let id: string;
  beforeAll(async () => {
    app = await sampleApp({}, false);
    const r = await app.addPapers([normalizePaper(PAPER)]);
    id = r.results[0].id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is a short hash of the title, the same however the title is cased or spaced', async () => {
    expect(id).toMatch(/^t-[0-9a-f]{12}$/);
    expect(normalizePaper({ ...PAPER, title: `  ${PAPER.title.toUpperCase()}  ` }).id).toBe(id);
    const again = await app.addPapers([normalizePaper(PAPER)]);
    expect(again).toMatchObject({ inserted: 0, updated: 1 });
  });

  it('is shown on its card on Slack and in the console (the card has no arXiv link)', async () => {
    const card = (await handleCommand(app, CTX, 'sparse mixture routing')).cards[0];
    expect(card.paperId).toBe(id);
    expect(card.url).toBeNull();
    expect(cardMeta(card)).toContain(id);
    expect(renderCard(card, 1)).toContain(id);
  });

  it('is accepted by /papers paper and similar, in any case, and bookmarks export as @misc with authors and year', async () => {
    const one = await handleCommand(app, CTX, `paper ${id.toUpperCase()}`);
    expect(one.cards.map((c) => c.paperId)).toEqual([id]);
    const similar = await handleCommand(app, CTX, `similar ${id}`);
    expect(similar.text).not.toMatch(/not an arXiv id|don't have/);
    expect((await handleAction(app, CTX, { kind: 'bookmark', value: id })).text).toMatch(/^Saved/);
    const bib = (await handleCommand(app, CTX, 'export bibtex')).file!.content;
    expect(bib).toMatch(/^@misc\{quillfeather2024sparse,/);
    expect(bib).toContain('author = {Quillfeather, Ada and Sterne, Bo}');
    expect(bib).toContain('year = {2024}');
    expect(bib).not.toMatch(/eprint|archivePrefix/);
  });

  it('refuses what is neither an arXiv id nor a short id, naming both forms', async () => {
    const r = await handleCommand(app, CTX, 'paper t-12');
    expect(r.text).toContain("is not an arXiv id (like 2106.09685) or the short id on a paper's card (like t-0123456789ab)");
  });
});
