// Filters code:yes, cat:cs.LG, since:7d in searches and digest topics, beside the NOT/-term exclusions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { findChannel } from '../../src/channels/channels.js';
import { handleCommand } from '../../src/commands/handle.js';
import { parseCommand } from '../../src/commands/parse.js';
import { searchReply } from '../../src/commands/search-replies.js';
import { composeDigest } from '../../src/digest/compose.js';
import { topicWords } from '../../src/digest/pick.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { passesFilters, splitFilters } from '../../src/search/filters.js';
import { sampleApp } from '../helpers/app.js';

const NOW = new Date('2026-06-20T12:00:00Z');
const day = (d: string) => `2026-06-${d}T00:00:00Z`;
// Four LoRA papers of our own: with and without code, two categories, two ages.
const PAPERS = [
  { id: '2606.20001', title: 'LoRA adapters with released code', abstract: 'Low-rank adaptation (LoRA) adapters for language models.', categories: ['cs.LG'], codeUrl: 'https://github.com/x/lora-code', announced: day('18') },
  { id: '2606.20002', title: 'LoRA adapters for speech', abstract: 'LoRA for speech recognition models.', categories: ['cs.CL', 'eess.AS'], announced: day('18') },
  { id: '2606.20003', title: 'Old LoRA study with code', abstract: 'An older LoRA study of diffusion models.', categories: ['cs.LG'], codeUrl: 'https://github.com/x/old', announced: '2026-05-01T00:00:00Z' },
  { id: '2606.20004', title: 'LoRA merging for vision', abstract: 'Merging LoRA weights for vision transformers.', categories: ['cs.CV'], announced: day('19') },
].map((p) => normalizePaper({ ...p, authors: ['A. Author'], source: 'arxiv' }, 'arxiv'));

let app: App;
beforeAll(async () => {
  app = await sampleApp({}, false);
  await app.addPapers(PAPERS);
});
afterAll(async () => app?.close());

const ctx = (channelId: string) => ({ platform: 'test', workspaceId: 'W-filters', channelId, userId: 'U1' });
const ids = (r: { cards: Array<{ paperId: string }> }) => r.cards.map((c) => c.paperId).sort();

describe('filters', () => {
  it('are taken out of the words, with one clear line for a value it cannot read', () => {
    expect(splitFilters('lora code:yes cat:cs.LG since:7d -diffusion')).toEqual({ text: 'lora -diffusion', filters: { code: true, categories: ['cs.lg'], sinceDays: 7 }, problems: [] });
    expect(splitFilters('lora since:2w code:no').filters).toEqual({ code: false, categories: [], sinceDays: 14 });
    expect(splitFilters('lora since:soon').problems).toEqual(['since takes days, weeks or months, like since:7d, since:2w or since:3m (not "soon")']);
    expect(splitFilters('lora code:maybe').problems[0]).toMatch(/^code takes yes or no/);
    expect(topicWords('lora code:yes cat:cs.LG NOT diffusion')).toEqual(['lora']);
    expect(parseCommand('subscribe lora since:forever')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^since takes days/) });
    const p = { codeUrl: null, categories: ['cs.CL'], announcedAt: new Date(day('18')), publishedAt: null };
    expect(passesFilters(p, { categories: ['cs.cl'], sinceDays: 7 }, NOW)).toBe(true);
    expect(passesFilters(p, { code: true, categories: [] }, NOW)).toBe(false);
    expect(passesFilters(p, { categories: [], sinceDays: 1 }, NOW)).toBe(false);
  });

  it('in a search: code:yes, cat:, since: and an exclusion together keep only the papers that pass them all', async () => {
    expect(ids(await searchReply(app, 'lora', false, NOW))).toEqual(['2606.20001', '2606.20002', '2606.20003', '2606.20004']);
    const code = await searchReply(app, 'lora code:yes', false, NOW);
    expect(ids(code)).toEqual(['2606.20001', '2606.20003']);
    expect(code.text).toContain('Only papers with code.');
    expect(ids(await searchReply(app, 'lora code:yes since:7d', false, NOW))).toEqual(['2606.20001']);
    expect(ids(await searchReply(app, 'lora cat:cs.CL', false, NOW))).toEqual(['2606.20002']);
    expect(ids(await searchReply(app, 'lora cat:cs.LG -diffusion', false, NOW))).toEqual(['2606.20001']);
    expect((await searchReply(app, 'lora cat:math.AG', false, NOW)).text).toMatch(/\nNo papers match "lora" with category math.ag. Try without a filter.$/);
    expect((await handleCommand(app, ctx('C-s'), 'lora since:often')).text).toMatch(/^since takes days, weeks or months/);
    expect((await handleCommand(app, ctx('C-s'), 'code:yes')).text).toMatch(/needs words to look for besides its filters/);
  });

  it('in a digest topic: the topic is kept as typed and only papers passing its filters are picked', async () => {
    await handleCommand(app, ctx('C-code'), 'subscribe lora code:yes');
    await handleCommand(app, ctx('C-cv'), 'subscribe lora cat:cs.CV');
    const code = (await findChannel(app.db, ctx('C-code')))!;
    const cv = (await findChannel(app.db, ctx('C-cv')))!;
    const d1 = await composeDigest(app, code.id, '2026-06-20', undefined, { now: NOW });
    // The old paper is outside the first digest's window anyway; the speech and vision ones have no code.
    expect(d1.items.map((i) => i.paperId)).toEqual(['2606.20001']);
    expect(d1.header.text).toBe('Your digest for 2026-06-20: 1 paper on lora code:yes');
    const d2 = await composeDigest(app, cv.id, '2026-06-20', undefined, { now: NOW });
    expect(d2.items.map((i) => i.paperId)).toEqual(['2606.20004']);
  });
});
