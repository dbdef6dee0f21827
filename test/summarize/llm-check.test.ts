import { describe, expect, it } from 'vitest';
import { checkLlmTldr } from '../../src/summarize/llm-check.js';

describe('checkLlmTldr', () => {
  it.each([
    ['We propose X, a 2x faster decoder.', 'We propose X, a 2x faster decoder.'],
    ['  "We propose X."  ', 'We propose X.'],
    ['\u201cWe propose X.\u201d', 'We propose X.'],
    ['TL;DR: We propose X', 'We propose X.'],
    ['We propose **X**, a decoder.', 'We propose X, a decoder.'],
    ['We report P@1 of 40% and a 3 < 4 gap.', 'We report P@1 of 40% and a 3 < 4 gap.'],
    ['We\u200b propose X.', 'We propose X.'],
  ])('accepts %j', (answer, tldr) => {
    expect(checkLlmTldr(answer)).toEqual({ ok: true, tldr });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['""', 'empty'],
    [null, 'not text'],
    ['Hey @channel, read this.', 'mention'],
    ['Attention @everyone: new paper.', 'mention'],
    ['@here new paper.', 'mention'],
    ['Ping <!channel> now.', 'mention'],
    ['Thanks <@U12345>.', 'mention'],
    ['Thanks <@!12345678901234567>.', 'mention'],
    ['Hidden @\u200beveryone ping.', 'mention'],
    ['See [the code](https://evil.example).', 'link'],
    ['See https://example.com for details.', 'URL'],
    ['Visit www.example.org now.', 'URL'],
    ['A <b>bold</b> claim.', 'HTML'],
    ['<script>alert(1)</script>', 'HTML'],
    ['```\ncode\n```', 'code'],
    ['Use `rm -rf` here.', 'code'],
    ['# Summary\nWe propose X.', 'heading'],
    ['- point one\n- point two', 'list'],
    ['We propose X.\nIt is fast.', 'more than one line'],
    ['As an AI language model, I cannot summarize this.', 'chatter'],
    ["I'm sorry, but I can't help with that.", 'chatter'],
    ["Here's a TL;DR of the paper: it is good.", 'chatter'],
    [Array.from({ length: 40 }, () => 'word').join(' '), 'too long'],
    ['x'.repeat(230) + ' ' + 'y'.repeat(20), 'too long'],
    ['||spoiler|| text here.', 'spoiler'],
  ])('refuses %j (%s)', (answer, reason) => {
    const r = checkLlmTldr(answer);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
