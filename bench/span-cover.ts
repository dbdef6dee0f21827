// Eval only: does a line cover a span that readers marked in an abstract? Covered when at least
// half of the line's content words (stemmed, stop words out, as words.ts compares text) occur in
// the span, so a long sentence that merely contains the span does not count.
import { contentWords } from '../src/summarize/words.js';

export const COVER_THRESHOLD = 0.5;

/** Share of `line`'s content words that occur in `span` (0 for a line without content words). */
export function spanShare(line: string, span: string): number {
  const words = contentWords(line);
  if (words.length === 0) return 0;
  const inSpan = new Set(contentWords(span));
  return words.filter((w) => inSpan.has(w)).length / words.length;
}

/** Whether `line` covers one of `spans`. */
export function coversSpan(line: string | null, spans: readonly string[]): boolean {
  return !!line && spans.some((span) => spanShare(line, span) >= COVER_THRESHOLD);
}
