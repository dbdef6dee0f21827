import { describe, expect, it } from 'vitest';
import {
  ACTION,
  LIMITS,
  cardBlocks,
  checkBlockKitLimits,
  clipEscaped,
  escapeMrkdwn,
  link,
  renderReply,
  safeUrl,
} from '../../adapters/slack/blocks.js';
import type { PaperCard, Reply } from '../../src/reply/reply.js';

function card(over: Partial<PaperCard> = {}): PaperCard {
  return {
    paperId: '2106.09685',
    title: 'LoRA: Low-Rank Adaptation of Large Language Models',
    url: 'https://arxiv.org/abs/2106.09685',
    authors: ['Edward Hu', 'Yelong Shen', 'Phillip Wallis', 'Zeyuan Allen-Zhu'],
    tldr: 'Freeze the weights and train low-rank updates.',
    keyResult: 'Reduces trainable parameters by 10,000 times.',
    date: '2021-06-17',
    upvotes: 42,
    stars: 9000,
    codeUrl: 'https://github.com/microsoft/LoRA',
    why: ['matches lora'],
    ...over,
  };
}

const reply = (over: Partial<Reply> = {}): Reply => ({ text: 'Top papers', cards: [], actions: [], visibility: 'private', ...over });

describe('mrkdwn escaping', () => {
  it('escapes &, <, > (and & first, so entities stay literal)', () => {
    expect(escapeMrkdwn('a & b <!channel> <@U1> &lt;')).toBe('a &amp; b &lt;!channel&gt; &lt;@U1&gt; &amp;lt;');
  });

  it('clips without splitting an entity or a surrogate pair', () => {
    const s = escapeMrkdwn('x'.repeat(8) + '<<<<');
    for (let max = 5; max < s.length; max++) {
      const c = clipEscaped(s, max);
      expect(c.length).toBeLessThanOrEqual(max);
      expect(c.replace(/…$/, '')).not.toMatch(/&[a-z]*$/);
    }
    expect(clipEscaped('ab😀cd', 4)).toBe('ab…');
  });

  it('only http(s) links, and nothing that would end a link early', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl('https://x.test/a|b>c')).toBe('https://x.test/a%7Cb%3Ec');
    expect(link('javascript:alert(1)', 'Title <b>')).toBe('Title &lt;b&gt;');
    expect(link('https://arxiv.org/abs/1', 'A & B')).toBe('<https://arxiv.org/abs/1|A &amp; B>');
  });
});

describe('cards', () => {
  it('show linked title, short authors, date, upvotes, stars, code link, TL;DR, key result, why, and three buttons', () => {
    const [section, context, actions] = cardBlocks(card()) as any[];
    const t = section.text.text as string;
    expect(t).toContain('*<https://arxiv.org/abs/2106.09685|LoRA: Low-Rank Adaptation of Large Language Models>*');
    expect(t).toContain('Edward Hu, Yelong Shen, Phillip Wallis et al.');
    expect(t).toContain('2021-06-17 · 42 upvotes · 9000 stars · <https://github.com/microsoft/LoRA|code>');
    expect(t).toContain('*TL;DR:* Freeze the weights');
    expect(t).toContain('*Key result:* Reduces trainable');
    expect(context.elements[0].text).toBe('Why: matches lora');
    expect(actions.elements.map((e: any) => [e.action_id, e.value])).toEqual([
      [ACTION.bookmark, '2106.09685'],
      [ACTION.similar, '2106.09685'],
      [ACTION.less, '2106.09685'],
    ]);
  });
});

describe('renderReply stays inside Block Kit limits', () => {
  it('many huge cards: at most 50 blocks, every section within 3,000 characters, a note for the rest', () => {
    const huge = 'Very long words & <tags> '.repeat(400);
    const cards = Array.from({ length: 60 }, (_, i) =>
      card({ paperId: `2401.${String(i).padStart(5, '0')}`, title: huge, tldr: huge, keyResult: huge, authors: [huge, huge, huge, huge], why: [huge] }),
    );
    const msg = renderReply(reply({ text: huge, cards, actions: [{ kind: 'share', label: 'Share in channel', value: huge }] }));
    expect(checkBlockKitLimits(msg.blocks)).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(msg.blocks)).toMatch(/\d+ more not shown/);
    expect(msg.blocks.at(-1)).toMatchObject({ type: 'actions' });
    expect(msg.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    // button values are data, never rendered; everything rendered is escaped
    expect(JSON.stringify(msg, (k, v) => (k === 'value' ? undefined : v))).not.toMatch(/<tags>/);
  });

  it('long text is split at line breaks into sections', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(60)}`).join('\n');
    const msg = renderReply(reply({ text }));
    expect(checkBlockKitLimits(msg.blocks)).toEqual([]);
    expect(msg.blocks.length).toBeGreaterThan(4);
    expect((msg.blocks[1] as any).text.text.startsWith('line ')).toBe(true);
  });

  it('a file is shown inline as code blocks, cut to fit', () => {
    const content = '@article{x,\n  title={A & B <c>}\n}\n'.repeat(5_000);
    const msg = renderReply(reply({ text: 'Your bookmarks as BibTeX', file: { filename: 'bookmarks.bib', title: 'Bookmarks', content } }));
    expect(checkBlockKitLimits(msg.blocks)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('```@article');
    expect(JSON.stringify(msg.blocks)).toContain('the rest is not shown');
  });

  it('an App Home-sized budget can be asked for', () => {
    const cards = Array.from({ length: 40 }, (_, i) => card({ paperId: `2401.${i}` }));
    const msg = renderReply(reply({ cards }), { maxBlocks: 100 });
    expect(msg.blocks.length).toBeGreaterThan(50);
    expect(checkBlockKitLimits(msg.blocks, { maxBlocks: 100 })).toEqual([]);
    expect(checkBlockKitLimits(msg.blocks)).toEqual([`${msg.blocks.length} blocks > 50`]);
  });
});

describe('checkBlockKitLimits', () => {
  it('finds each kind of violation', () => {
    const long = (n: number) => 'x'.repeat(n);
    const problems = checkBlockKitLimits([
      { type: 'section', text: { type: 'mrkdwn', text: long(3001) } },
      { type: 'section', text: { type: 'mrkdwn', text: '' } },
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'header', text: { type: 'plain_text', text: long(151) } },
      { type: 'header', text: { type: 'mrkdwn', text: 'x' } },
      { type: 'context', elements: [] },
      { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: long(76) }, value: long(2001) }] },
      { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'ok' } }, { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'ok' } }] },
      { type: 'section', block_id: long(256), text: { type: 'mrkdwn', text: 'ok' } },
      { type: 'video' },
    ]);
    expect(problems).toEqual([
      'block 0: text 3001 > 3000 characters',
      'block 1: empty text',
      'block 2: more than 10 fields',
      'block 3: text 151 > 150 characters',
      'block 4: text type mrkdwn',
      'block 5: context needs 1 to 10 elements',
      'block 6 element 0 button: text 76 > 75 characters',
      'block 6 element 0: button value 2001 > 2000',
      'block 7: duplicate action_id',
      'block 8: block_id too long',
      'block 9: unexpected block type video',
    ]);
    expect(checkBlockKitLimits(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toEqual(['51 blocks > 50']);
    expect(checkBlockKitLimits('nope')).toEqual(['blocks is not an array']);
  });
});
