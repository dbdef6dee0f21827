// Bidi controls reorder what a reader sees ("safe\u202Egnp.exe" renders as "safeexe.png"): the core
// removes them from paper text and commands, so neither Slack nor Discord ever receives one.
import { describe, expect, it } from 'vitest';
import { renderReply as discordReply } from '../../adapters/discord/embeds.js';
import { renderReply as slackReply } from '../../adapters/slack/blocks.js';
import { parseCommand } from '../../src/commands/parse.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import type { Paper } from '../../src/papers/paper.js';
import { toCard } from '../../src/reply/cards.js';
import { checkLlmTldr } from '../../src/summarize/llm-check.js';

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const ANY_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('bidi controls', () => {
  it('are removed from every field of an incoming paper, each of them', () => {
    for (const c of BIDI) {
      const p = normalizePaper({ title: `safe${c}gnp.exe`, abstract: `We ${c}study this.`, authors: [`A. ${c}Author`] });
      expect([c, p.title, p.abstract, p.authors]).toEqual([c, 'safegnp.exe', 'We study this.', ['A. Author']]);
    }
  });

  it('never reach Slack or Discord, even from a row stored before the cleaning', () => {
    const stored = { id: '2401.00001', title: 'safe\u202Egnp.exe', abstract: 'An \u2067abstract\u2069 here.', authors: ['B. \u202DAuthor'], tldr: 'Short \u200Fsummary.' } as unknown as Paper;
    const reply = { text: '', cards: [toCard(stored)], actions: [], visibility: 'channel' as const };
    expect(JSON.stringify(slackReply(reply))).not.toMatch(ANY_BIDI);
    expect(JSON.stringify(discordReply(reply))).not.toMatch(ANY_BIDI);
    expect(JSON.stringify(slackReply(reply))).toContain('safegnp.exe');
  });

  it('are removed from commands (a query or topic echoed back) and from LLM TL;DRs', () => {
    expect(parseCommand('subscribe evil\u202Etxt.exe')).toEqual({ kind: 'subscribe', topic: 'eviltxt.exe' });
    const checked = checkLlmTldr('A method that \u2066improves\u2069 results on ImageNet by a wide margin.');
    expect(JSON.stringify(checked)).not.toMatch(ANY_BIDI);
  });
});
