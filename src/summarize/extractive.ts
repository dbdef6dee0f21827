import type { Summary, SummaryInput } from './summary.js';

// Placeholder until the TL;DR issue: the first sentence, cut at a word boundary.
const MAX_WORDS = 35;
const MAX_CHARS = 240;

export function summarize(input: SummaryInput): Summary {
  const text = (input.abstract ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return { tldr: null, keyResult: null };
  const first = text.match(/^.+?[.!?](?=\s+[A-Z]|$)/)?.[0] ?? text;
  let words = first.split(' ').slice(0, MAX_WORDS);
  while (words.join(' ').length > MAX_CHARS) words = words.slice(0, -1);
  return { tldr: words.join(' ') || null, keyResult: null };
}
