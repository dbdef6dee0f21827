import { describe, expect, test } from 'vitest';
import { buttonId, parseButtonId, SHARE_SHOWN } from '../../adapters/discord/buttons.js';
import { apiBase } from '../../adapters/discord/client.js';
import { commandText, papersCommand } from '../../adapters/discord/commands.js';
import { cardEmbed, checkEmbedLimits, escapeText, LIMITS, renderReply, safeText, safeUrl } from '../../adapters/discord/embeds.js';
import { parseCommand } from '../../src/commands/parse.js';
import type { PaperCard, Reply } from '../../src/reply/reply.js';

const card = (i: number, over: Partial<PaperCard> = {}): PaperCard => ({
  paperId: `2106.0${String(9685 + i).padStart(4, '0')}`,
  title: `Paper ${i}`,
  url: `https://arxiv.org/abs/2106.0${9685 + i}`,
  authors: ['A. Author', 'B. Author'],
  tldr: 'A short summary.',
  keyResult: null,
  date: '2021-06-17',
  upvotes: 3,
  stars: 0,
  codeUrl: null,
  why: ['matches lora'],
  ...over,
});

const reply = (cards: PaperCard[], over: Partial<Reply> = {}): Reply => ({ text: 'Top papers', cards, actions: [], visibility: 'private', ...over });

describe('escaping paper text', () => {
  test('headings, subtext, quotes and lists cannot start a line', () => {
    expect(escapeText('# Heading')).toBe('\\# Heading');
    expect(escapeText('## Two')).toBe('\\## Two');
    expect(escapeText('-# small')).toBe('\\-# small');
    expect(escapeText('> quoted')).toBe('\\> quoted');
    expect(escapeText('- item')).toBe('\\- item');
    expect(escapeText('1. item')).toBe('1\\. item');
    // newlines are folded, so a heading cannot hide on a later line
    expect(escapeText('Title\n# Heading')).toBe('Title # Heading');
  });

  test('masked links and markdown are inert', () => {
    expect(escapeText('[x](https://evil)')).toBe('\\[x](https://evil)');
    expect(escapeText('**bold** _it_ ~~s~~ ||spoiler|| `code`')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`');
  });

  test('mentions of every kind are neutralised', () => {
    const out = escapeText('@everyone @here <@123> <@!124> <@&789> <#456> </papers:1> <t:1700000000:R> <:e:1> <a:e:2>');
    expect(out).not.toMatch(/@(everyone|here)/);
    expect(out).toContain('@\u200beveryone');
    expect(out).toContain('@\u200bhere');
    for (const m of ['<@123>', '<@!124>', '<@&789>', '<#456>', '</papers:1>', '<t:1700000000:R>', '<:e:1>', '<a:e:2>']) {
      expect(out).toContain(`\\${m}`);
      expect(out).not.toMatch(new RegExp(`(^|[^\\\\])${m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });

  test('core text keeps its formatting but not links, pings or headings from echoed input', () => {
    const out = safeText('Saved "[x](https://evil) @everyone <@1>" to your bookmarks.\n# Heading\n`/papers help`');
    expect(out).toContain('\\[x](https://evil)');
    expect(out).toContain('@\u200beveryone');
    expect(out).toContain('\\<@1>');
    expect(out).toContain('\n\\# Heading');
    expect(out).toContain('`/papers help`');
  });

  test('the brief\'s hostile title renders escaped', () => {
    const e = cardEmbed(card(0, { title: '@everyone <@123> # Heading [x](https://evil)' }), null);
    expect(e.title).toBe('@\u200beveryone \\<@123> # Heading \\[x](https://evil)');
  });

  test('only http(s) URLs become links', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl('https://github.com/a/b(c)')).toBe('https://github.com/a/b%28c%29');
    expect(cardEmbed(card(0, { url: 'javascript:alert(1)' }), null).url).toBeUndefined();
  });
});

describe('limits', () => {
  const huge = (i: number): PaperCard =>
    card(i, {
      title: `T${i} ${'<@1> **x** '.repeat(200)}`,
      authors: Array.from({ length: 300 }, (_, j) => `Author_${j} **${j}**`),
      tldr: '# no '.repeat(3_000),
      keyResult: '[x](https://e) '.repeat(1_000),
      why: Array.from({ length: 100 }, () => 'matches @everyone'),
      codeUrl: `https://github.com/${'x'.repeat(150)}`,
    });

  test('ten huge cards fit every Discord limit', () => {
    const m = renderReply(reply(Array.from({ length: 10 }, (_, i) => huge(i)), { actions: [{ kind: 'share', label: 'Share in channel', value: 'lora' }] }));
    expect(m.embeds).toHaveLength(10);
    expect(checkEmbedLimits(m)).toEqual([]);
    expect(m.components.length).toBeLessThanOrEqual(LIMITS.rows);
    const ids = m.components.flatMap((r) => r.components.map((b) => ('custom_id' in b ? b.custom_id : '')));
    expect(ids).toContain('pb:share:lora');
    expect(ids.filter((id) => id.startsWith('pb:bookmark:'))).toHaveLength(10);
  });

  test('one huge card uses the room a single embed has and still fits', () => {
    const m = renderReply(reply([huge(1)]));
    expect(checkEmbedLimits(m)).toEqual([]);
    expect(m.embeds[0].description!.length).toBeGreaterThan(3_000);
    expect(m.embeds[0].title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(m.components[0].components.map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual(['pb:bookmark:2106.09686', 'pb:similar:2106.09686', 'pb:less:2106.09686']);
  });

  test('more than ten cards: ten embeds and a note', () => {
    const m = renderReply(reply(Array.from({ length: 12 }, (_, i) => card(i))));
    expect(m.embeds).toHaveLength(10);
    expect(m.content).toContain('2 more not shown');
    expect(checkEmbedLimits(m)).toEqual([]);
  });

  test('a one-paper reply titled with the paper does not repeat the title as text', () => {
    expect(renderReply(reply([card(1)], { text: 'Paper 1' })).content).toBe('');
    expect(renderReply(reply([card(1)], { text: 'Saved' })).content).toBe('Saved');
  });

  test('long text is clipped to 2,000 characters', () => {
    expect(renderReply(reply([], { text: 'x'.repeat(5_000) })).content).toHaveLength(LIMITS.content);
  });

  test('the validator catches what Discord refuses', () => {
    const problems = checkEmbedLimits({
      content: 'x'.repeat(2_001),
      embeds: Array.from({ length: 11 }, () => ({ title: 't'.repeat(300), description: 'd'.repeat(1_000) })),
      components: Array.from({ length: 6 }, () => ({ components: [{ custom_id: 'same' }] })),
    });
    expect(problems.join('\n')).toMatch(/content/);
    expect(problems.join('\n')).toMatch(/11 > 10 embeds/);
    expect(problems.join('\n')).toMatch(/title has 300/);
    expect(problems.join('\n')).toMatch(/total/);
    expect(problems.join('\n')).toMatch(/6 > 5 component rows/);
    expect(problems.join('\n')).toMatch(/duplicate custom_id/);
  });

  test('a file becomes an attachment', () => {
    const m = renderReply({ ...reply([]), file: { filename: 'bookmarks.bib', title: 'Bookmarks', content: '@article{x}' } });
    expect(m.files).toEqual([{ name: 'bookmarks.bib', description: 'Bookmarks', data: Buffer.from('@article{x}') }]);
  });
});

describe('buttons', () => {
  test('custom ids carry the action and the paper', () => {
    expect(buttonId('bookmark', '2106.09685')).toBe('pb:bookmark:2106.09685');
    expect(parseButtonId('pb:bookmark:2106.09685')).toEqual({ kind: 'bookmark', value: '2106.09685' });
    expect(parseButtonId('pb:similar:hep-th/9901001')).toEqual({ kind: 'similar', value: 'hep-th/9901001' });
    expect(parseButtonId('pb:share:a: b')).toEqual({ kind: 'share', value: 'a: b' });
    expect(parseButtonId('pb:delete:1')).toBeNull();
    expect(parseButtonId('other-app')).toBeNull();
  });

  test('a share whose query does not fit a custom id re-posts what is shown', () => {
    const long = 'q'.repeat(120);
    expect(buttonId('share', long)).toBeNull();
    const m = renderReply(reply([card(1), card(2)], { actions: [{ kind: 'share', label: 'Share', value: long }] }));
    expect(m.components.at(-1)!.components[0]).toMatchObject({ custom_id: SHARE_SHOWN });
    expect(parseButtonId(SHARE_SHOWN)).toEqual({ kind: 'share-shown' });
  });
});

describe('/papers as a Discord command', () => {
  test('one subcommand for every form of the grammar, guild only', () => {
    const json = papersCommand();
    expect(json.name).toBe('papers');
    expect(json.contexts).toEqual([0]);
    const subs = (json.options ?? []).map((o) => o.name);
    expect(subs).toEqual(['search', 'help', 'paper', 'similar', 'subscribe', 'unsubscribe', 'follow', 'unfollow', 'follows', 'less', 'taste', 'digest', 'settings', 'bookmarks', 'export']);
    const settings = json.options!.find((o) => o.name === 'settings') as { options: Array<{ name: string }> };
    expect(settings.options.map((o) => o.name)).toEqual(['time', 'tz', 'size', 'days', 'repost', 'empty']);
  });

  test.each([
    ['search', { query: 'lora adapters' }, 'lora adapters', 'search'],
    ['search', { query: 'similar tasks' }, '"similar tasks"', 'search'],
    ['help', {}, 'help', 'help'],
    ['paper', { id: 'arXiv:2106.09685v2' }, 'paper arXiv:2106.09685v2', 'paper'],
    ['similar', { id: '2106.09685' }, 'similar 2106.09685', 'similar'],
    ['subscribe', { topic: 'speculative decoding' }, 'subscribe speculative decoding', 'subscribe'],
    ['unsubscribe', { topic: 'lora' }, 'unsubscribe lora', 'unsubscribe'],
    ['follow', { kind: 'author', name: 'Tri Dao' }, 'follow author Tri Dao', 'follow'],
    ['unfollow', { kind: 'category', name: 'cs.CL' }, 'unfollow category cs.CL', 'unfollow'],
    ['follows', {}, 'follows', 'follows'],
    ['less', { id: '2106.09685' }, 'less 2106.09685', 'less'],
    ['taste', {}, 'taste', 'taste'],
    ['taste', { action: 'reset' }, 'taste reset', 'taste'],
    ['digest', {}, 'digest', 'digest'],
    ['digest', { mode: 'preview' }, 'digest preview', 'digest'],
    ['settings', { time: '08:30', tz: 'America/New York', size: 3, days: 'daily', repost: '7', empty: 'silent' }, 'settings time 08:30 tz America/New_York size 3 days daily repost 7 empty silent', 'settings'],
    ['settings', {}, 'settings', 'settings'],
    ['bookmarks', {}, 'bookmarks', 'bookmarks'],
    ['bookmarks', { query: 'lora', scope: 'team' }, 'bookmarks team lora', 'bookmarks'],
    ['export', { format: 'bibtex' }, 'export bibtex', 'export'],
  ] as const)('%s %j -> "%s"', (sub, options, text, kind) => {
    expect(commandText(sub, options)).toBe(text);
    expect(parseCommand(text).kind).toBe(kind);
  });

  test('settings from options parse to the same changes as typed text', () => {
    const cmd = parseCommand(commandText('settings', { time: '8:30', tz: 'America/New York', size: 3 }));
    expect(cmd).toEqual({ kind: 'settings', changes: { time: '08:30', timezone: 'America/New_York', size: 3 } });
  });

  test('DISCORD_API_URL is taken with or without the version', () => {
    expect(apiBase({ DISCORD_API_URL: undefined })).toBe('https://discord.com/api');
    expect(apiBase({ DISCORD_API_URL: 'http://127.0.0.1:9/api/v10/' })).toBe('http://127.0.0.1:9/api');
  });
});
