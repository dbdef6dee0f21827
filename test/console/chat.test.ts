import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { answerLine, consoleContext, runConsoleChat } from '../../adapters/console/chat.js';
import type { Reply } from '../../src/reply/reply.js';
import { sampleApp } from '../helpers/app.js';

describe('console chat', () => {
  let app: App;
  beforeAll(async () => {
    app = await sampleApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists numbered LoRA cards, bookmarks result N and lists bookmarks', async () => {
    const ctx = consoleContext();
    const last = { reply: null as Reply | null };
    const out = await answerLine(app, ctx, '/papers lora', last);
    expect(out).toMatch(/^1\. .*LoRA/m);
    expect(out).toMatch(/^5\. /m);
    expect(out).toContain('TL;DR:');
    const second = last.reply!.cards[1];
    expect(await answerLine(app, ctx, ':bookmark: 2', last)).toContain(`Saved "${second.title}"`);
    expect(await answerLine(app, ctx, ':bookmark: 9', last)).toMatch(/Pick a number from 1 to/);
    const list = await answerLine(app, ctx, '/papers bookmarks', last);
    expect(list).toContain(second.title);
  });

  it('":-1: N" (or "less N") marks result N "less like this"; /papers taste says so; taste reset clears it', async () => {
    const ctx = { ...consoleContext(), channelId: 'console-less' };
    const last = { reply: null as Reply | null };
    await answerLine(app, ctx, '/papers diffusion', last);
    const first = last.reply!.cards[0];
    expect(await answerLine(app, ctx, ':-1: 1', last)).toContain(`Noted: fewer papers like "${first.title}"`);
    expect(await answerLine(app, ctx, 'less 1', last)).toContain('You already asked for fewer papers like');
    expect(await answerLine(app, ctx, '👎 7', last)).toMatch(/Pick a number from 1 to/);
    const taste = await answerLine(app, ctx, '/papers taste', last);
    expect(taste).toMatch(/^What this channel's digest has learned:\n(More of: .*\n)?Less of: [a-z-]+(, [a-z-]+)+ \(from 1 paper marked "less like this", e\.g\. "/);
    expect(taste).toContain(first.title.slice(0, 60));
    expect(await answerLine(app, ctx, '/papers taste reset', last)).toMatch(/taste was reset and 1 "less like this" mark dropped/);
    expect(await answerLine(app, ctx, '/papers taste', last)).toMatch(/has not learned a taste yet/);
  });

  it('runs a session over streams and strips terminal control characters', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += d.toString()));
    const done = runConsoleChat(app, { input, output });
    input.end('/papers help\nquit\n');
    await done;
    expect(text).toContain('/papers <query>');
    expect(text).not.toMatch(/\u001b\[/);
  });
});
