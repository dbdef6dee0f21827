import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { handleAction, handleCommand } from '../../src/commands/handle.js';
import { HELP_TEXT } from '../../src/commands/parse.js';
import { CTX, sampleApp } from '../helpers/app.js';

describe('handleCommand on the sample library', () => {
  let app: App;
  beforeAll(async () => {
    app = await sampleApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers help and malformed input with the help text', async () => {
    expect((await handleCommand(app, CTX, 'help')).text).toBe(HELP_TEXT);
    const bad = await handleCommand(app, CTX, 'paper lora');
    expect(bad.text).toContain('not an arXiv id');
    expect(bad.text).toContain(HELP_TEXT);
    expect(bad.visibility).toBe('private');
  });

  it('answers /papers lora with LoRA papers as private cards and a share button', async () => {
    const r = await handleCommand(app, CTX, '/papers lora');
    expect(r.visibility).toBe('private');
    expect(r.cards.length).toBe(5);
    for (const c of r.cards) expect(`${c.title} ${c.tldr}`.toLowerCase()).toMatch(/lora|low-rank/);
    expect(r.cards[0].tldr).toBeTruthy();
    expect(r.actions).toEqual([{ kind: 'share', label: 'Share in channel', value: 'lora' }]);
  });

  it('says plainly when nothing matches', async () => {
    const r = await handleCommand(app, CTX, 'zzzqqqxxv');
    expect(r.cards).toEqual([]);
    expect(r.text).toMatch(/No papers match/);
  });

  it('answers with a clear message for odd inputs instead of throwing', async () => {
    for (const text of ['', '   ', '!!!', 'x'.repeat(10_000), '🚀', '"', "'; drop table papers; --", 'NOT AND OR']) {
      const r = await handleCommand(app, CTX, text);
      expect(typeof r.text).toBe('string');
      expect(r.text.length).toBeGreaterThan(0);
    }
  });

  it('shows one paper by id, and says so when it is unknown', async () => {
    const hit = (await handleCommand(app, CTX, 'lora')).cards[0];
    const { getPaper } = await import('../../src/papers/store.js');
    expect(await getPaper(app.db, hit.paperId)).not.toBeNull();
    const unknown = await handleCommand(app, CTX, 'paper 2101.00001');
    expect(unknown.text).toMatch(/don't have 2101.00001/);
  });

  it('bookmarks through a button, lists and searches bookmarks, per user', async () => {
    const r = await handleCommand(app, CTX, 'lora');
    const first = r.cards[0];
    expect((await handleAction(app, CTX, { kind: 'bookmark', value: first.paperId })).text).toMatch(/^Saved/);
    expect((await handleAction(app, CTX, { kind: 'bookmark', value: first.paperId })).text).toMatch(/already/);
    const mine = await handleCommand(app, CTX, 'bookmarks');
    expect(mine.cards.map((c) => c.paperId)).toEqual([first.paperId]);
    const found = await handleCommand(app, CTX, 'bookmarks lora');
    expect(found.cards.map((c) => c.paperId)).toEqual([first.paperId]);
    const none = await handleCommand(app, CTX, 'bookmarks diffusion');
    expect(none.cards).toEqual([]);
    const other = await handleCommand(app, { ...CTX, userId: 'U2' }, 'bookmarks');
    expect(other.cards).toEqual([]);
    const team = await handleCommand(app, { ...CTX, userId: 'U2' }, 'bookmarks team');
    expect(team.cards.map((c) => c.paperId)).toEqual([first.paperId]);
    const elsewhere = await handleCommand(app, { ...CTX, workspaceId: 'W2' }, 'bookmarks team');
    expect(elsewhere.cards).toEqual([]);
  });

  it('shares a search in the channel without the share button', async () => {
    const r = await handleAction(app, CTX, { kind: 'share', value: 'lora' });
    expect(r.visibility).toBe('channel');
    expect(r.cards.length).toBeGreaterThan(0);
    expect(r.actions.some((a) => a.kind === 'share')).toBe(false);
  });

  it('subscribes a channel and changes its settings', async () => {
    const s = await handleCommand(app, CTX, 'subscribe lora');
    expect(s.text).toMatch(/Subscribed this channel to "lora"/);
    const again = await handleCommand(app, CTX, 'subscribe lora');
    expect(again.text).toMatch(/already follows/);
    const set = await handleCommand(app, CTX, 'settings time 08:15 tz America/New_York size 3');
    expect(set.text).toMatch(/3 papers at 08:15 America\/New_York/);
  });
});
