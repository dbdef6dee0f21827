// An LLM's answer goes onto every card in a channel, so it is checked like user input: one plain
// line within the card budget, nothing a chat platform would act on (mentions, links, markup),
// and no assistant chatter. Anything else is refused, and the extractive TL;DR stays.
import { BIDI_CONTROLS } from '../papers/clean.js';
import { MAX_CHARS, MAX_WORDS } from './fit.js';

export type LlmCheck = { ok: true; tldr: string } | { ok: false; reason: string };

// Invisible characters that could hide a mention or markup from the checks below.
const INVISIBLE = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\u00ad\\u200b-\\u200d\\u2060-\\u2064\\ufeff]|${BIDI_CONTROLS.source}`, 'g');
const QUOTES: Array<[string, string]> = [['"', '"'], ["'", "'"], ['\u201c', '\u201d'], ['\u2018', '\u2019'], ['\u00ab', '\u00bb']];
const LABEL = /^(?:tl;?dr|summary|one[- ]line summary|answer)\s*[:\-–—]\s*/i;

const REFUSALS: Array<[RegExp, string]> = [
  // Slack <!channel>, <!here>, <@U123>, <#C123>; Discord <@123>, <@!123>, <@&role>, <#123>; any HTML tag
  [/<[!@#/a-z]/i, 'contains a mention or HTML'],
  [/(^|[^\w.+-])@[\w.-]+/, 'contains an @mention'],
  [/```/, 'contains a code fence'],
  [/`/, 'contains code markup'],
  [/\[[^\]]*\]\([^)]*\)/, 'contains a markdown link'],
  [/\b(?:https?|ftp|mailto):|\bwww\.|\b[\w-]+\.(?:com|org|net|io|ai|dev|ly|gg|xyz)\b/i, 'contains a URL'],
  [/(^|\n)\s*#{1,6}\s/, 'contains a heading'],
  [/(^|\n)\s*(?:[-*+•]|\d+[.)])\s/, 'is a list'],
  [/\|\|/, 'contains spoiler markup'],
  [/\bas an ai\b|\bas a (?:large )?language model\b|\bI(?:'m| am) (?:sorry|unable|not able)\b|\bI cannot\b|\bI can't\b|\bhere(?:'s| is) (?:a|the|your) (?:tl;?dr|summary)\b/i, 'is assistant chatter, not a TL;DR'],
];

function stripQuotes(text: string): string {
  let s = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [open, close] of QUOTES) {
      if (s.length >= 2 && s.startsWith(open) && s.endsWith(close)) {
        s = s.slice(open.length, s.length - close.length).trim();
        changed = true;
      }
    }
  }
  return s;
}

/** The answer as a TL;DR, or why it cannot be one. */
export function checkLlmTldr(answer: unknown): LlmCheck {
  if (typeof answer !== 'string') return { ok: false, reason: 'not text' };
  let s = answer.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').trim();
  s = stripQuotes(s.replace(LABEL, '').trim());
  s = s.replace(LABEL, '');
  // Emphasis is harmless but renders differently per platform: drop the markers, keep the words.
  s = s.replace(/(\*\*|__)(.+?)\1/g, '$2').trim();
  if (!s) return { ok: false, reason: 'empty' };
  for (const [re, reason] of REFUSALS) if (re.test(s)) return { ok: false, reason };
  const lines = s.split('\n').filter((l) => l.trim());
  if (lines.length > 1) return { ok: false, reason: 'more than one line' };
  s = s.replace(/\s+/g, ' ').trim();
  const words = s.split(' ').length;
  if (words > MAX_WORDS) return { ok: false, reason: `too long: ${words} words (at most ${MAX_WORDS})` };
  if (s.length > MAX_CHARS) return { ok: false, reason: `too long: ${s.length} characters (at most ${MAX_CHARS})` };
  if (!/[\p{L}]{2}/u.test(s)) return { ok: false, reason: 'no words' };
  if (!/[.!?]["')\]]?$/.test(s)) {
    if (s.length + 1 > MAX_CHARS) return { ok: false, reason: `too long: ${s.length + 1} characters (at most ${MAX_CHARS})` };
    s += '.';
  }
  return { ok: true, tldr: s };
}
