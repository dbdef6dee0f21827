// "Less like this": a negative label per channel that the taste learns from, as bookmarks teach
// what a team wants; `/papers taste` says what was learned, `/papers taste reset` forgets it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { handleAction, handleCommand } from '../../src/commands/handle.js';
import { parseCommand } from '../../src/commands/parse.js';
import { pickForChannel } from '../../src/digest/pick.js';
import { distinctiveWords } from '../../src/library/taste-summary.js';
import { sampleApp } from '../helpers/app.js';
import { isSpeculative, makeChannel, PLATFORM } from './helpers.js';

let app: App;
beforeAll(async () => {
  app = await sampleApp();
});
afterAll(async () => app?.close());

const ctxOf = (workspaceId: string) => ({ platform: PLATFORM, workspaceId, channelId: `C-${workspaceId}`, userId: 'U-critic' });

describe('less like this', () => {
  it('parses /papers less <id>, /papers taste and /papers taste reset; anything else is one clear line', () => {
    expect(parseCommand('less arXiv:2106.09685v2')).toEqual({ kind: 'less', id: '2106.09685' });
    expect(parseCommand('taste')).toEqual({ kind: 'taste', reset: false });
    expect(parseCommand('/papers taste RESET')).toEqual({ kind: 'taste', reset: true });
    expect(parseCommand('taste forget')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('taste takes nothing or reset') });
    expect(parseCommand('less nonsense')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('less takes one arXiv id') });
  });

  it('papers like the ones marked "less like this" fall in that channel only, the marked ones never come; reset brings them back', async () => {
    const topic = ['decoding'];
    const mine = await makeChannel(app, 'W-less', topic);
    const theirs = await makeChannel(app, 'W-less-other', topic);
    const now = new Date();
    const top = async (c: typeof mine) => (await pickForChannel(app, c, topic, 5, { now })).picks;
    const spec = (ps: Awaited<ReturnType<typeof top>>) => ps.filter((p) => isSpeculative(p.paper)).length;
    const before = await top(mine);
    expect(spec(before)).toBeGreaterThanOrEqual(2); // the sample's "decoding" is mostly speculative decoding

    const marked = app.search.search('speculative decoding', { limit: 2 }).hits.map((h) => h.id);
    for (const id of marked) {
      const r = await handleAction(app, ctxOf('W-less'), { kind: 'less', value: id });
      expect(r.text).toMatch(/^Noted: fewer papers like ".+" in this channel's digest\./);
    }
    const after = await top(mine);
    expect(spec(after)).toBeLessThan(spec(before));
    for (const p of after) expect(marked).not.toContain(p.paperId);
    for (const p of after.filter((q) => isSpeculative(q.paper))) expect(p.parts.taste).toBeLessThan(0);
    // Another workspace's channel did not move.
    expect((await top(theirs)).map((p) => p.paperId)).toEqual(before.map((p) => p.paperId));

    const taste = await handleCommand(app, ctxOf('W-less'), 'taste');
    expect(taste.text).toMatch(/^What this channel's digest has learned:\nLess of: .*speculative.* \(from 2 papers marked "less like this", e.g. /);
    const reset = await handleCommand(app, ctxOf('W-less'), 'taste reset');
    expect(reset.visibility).toBe('channel');
    expect(reset.text).toMatch(/^This channel's taste was reset and 2 "less like this" marks dropped/);
    expect((await top(mine)).map((p) => p.paperId)).toEqual(before.map((p) => p.paperId));
  });

  it('/papers taste names what the team saved, and reset stops old bookmarks from counting without deleting them', async () => {
    const ctx = ctxOf('W-liked');
    expect((await handleCommand(app, ctx, 'taste')).text).toMatch(/has not learned a taste yet/);
    const lora = app.search.search('lora', { limit: 4 }).hits.map((h) => h.id);
    for (const id of lora) await handleAction(app, ctx, { kind: 'bookmark', value: id });
    const taste = await handleCommand(app, ctx, 'taste');
    expect(taste.text).toMatch(/^What this channel's digest has learned:\nMore of: .*lora.* \(from 4 papers your team saved/);
    await handleCommand(app, ctx, 'taste reset');
    expect((await handleCommand(app, ctx, 'taste')).text).toMatch(/has not learned a taste yet/);
    expect((await handleCommand(app, ctx, 'bookmarks')).cards).toHaveLength(4);
  });

  it('distinctive words are common in the labelled papers and rarer around them', () => {
    const doc = (title: string, abstract = '') => ({ title, abstract });
    const labelled = [doc('Diffusion for images'), doc('Image diffusion models'), doc('Faster diffusion sampling')];
    const background = [doc('Language models'), doc('Image classification'), doc('Speech recognition'), doc('Graph learning')];
    expect(distinctiveWords(labelled, background)[0]).toBe('diffusion');
    expect(distinctiveWords(labelled, background)).not.toContain('models');
    expect(distinctiveWords([], background)).toEqual([]);
  });
});
