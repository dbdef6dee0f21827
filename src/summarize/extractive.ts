// The default summarizer: offline, deterministic, fast (no model). It picks the sentence that states
// the contribution (score.ts), strips its lead-in and asides (compress.ts) and fits it to one card
// line (fit.ts); the key result is the headline measured claim (key-result.ts).
import { cleanAbstract } from './clean.js';
import { compressSentence } from './compress.js';
import { fitTldr } from './fit.js';
import { keyResult } from './key-result.js';
import { scoreSentences } from './score.js';
import { splitSentences } from './sentences.js';
import type { Summary, SummaryInput } from './summary.js';

// A real abstract is under 3,000 characters; beyond this it is a full text or junk, and its
// contribution is stated near the start anyway. Bounds the work per paper.
const MAX_ABSTRACT_CHARS = 20_000;
const MAX_SENTENCES = 250;

const EMPTY: Summary = { tldr: null, keyResult: null };

function fromCleanSentences(title: string, sentences: string[]): Summary {
  const usable = sentences.filter((s) => /[\p{L}]{2}/u.test(s)).slice(0, MAX_SENTENCES);
  if (usable.length === 0) return EMPTY;
  const scored = scoreSentences(title, usable);
  let best = scored[0];
  for (const s of scored) if (s.score > best.score) best = s;
  const tldr = fitTldr(compressSentence(best.text)) || null;
  return { tldr, keyResult: keyResult(usable, tldr) };
}

/** Like summarize, for an abstract already split into sentences (SciTLDR's format). */
export function summarizeSentences(title: string, sentences: string[]): Summary {
  try {
    return fromCleanSentences(cleanAbstract(String(title ?? '')), (sentences ?? []).map((s) => cleanAbstract(String(s ?? ''))).filter(Boolean));
  } catch {
    return EMPTY;
  }
}

/**
 * The TL;DR and key result of a paper from its title (may be '') and abstract. Never throws:
 * text with nothing to summarize gives nulls.
 */
export function summarize(input: SummaryInput): Summary {
  try {
    const abstract = cleanAbstract(String(input?.abstract ?? '').slice(0, MAX_ABSTRACT_CHARS));
    if (!abstract) return EMPTY;
    return fromCleanSentences(cleanAbstract(String(input?.title ?? '')), splitSentences(abstract));
  } catch {
    return EMPTY;
  }
}
