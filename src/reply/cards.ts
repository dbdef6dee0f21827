import { stripBidi } from '../papers/clean.js';
import { paperUrl, type Paper } from '../papers/paper.js';
import type { PaperCard } from './reply.js';
import { fitTldr } from '../summarize/fit.js';
import { splitSentences } from '../summarize/sentences.js';

/** A paper stored before it had a TL;DR: its first sentence, fitted to the TL;DR limits. */
function firstSentence(abstract: string): string | null {
  const first = splitSentences(abstract)[0];
  return first ? fitTldr(first, undefined, undefined, 1) || null : null;
}

export function toCard(p: Paper, why: string[] = []): PaperCard {
  const date = p.publishedAt ?? p.announcedAt;
  const tldr = p.tldr ?? firstSentence(p.abstract);
  return {
    paperId: p.id,
    // Rows stored before text cleaning removed bidi controls still carry them.
    title: stripBidi(p.title),
    url: paperUrl(p),
    authors: p.authors.map(stripBidi),
    tldr: tldr && stripBidi(tldr),
    keyResult: p.keyResult,
    date: date ? date.toISOString().slice(0, 10) : null,
    upvotes: p.upvotes,
    stars: p.stars,
    codeUrl: p.codeUrl,
    why,
  };
}

/** "A. Author, B. Author, C. Author et al." */
export function shortAuthors(authors: string[], max = 3): string {
  if (authors.length <= max) return authors.join(', ');
  return `${authors.slice(0, max).join(', ')} et al.`;
}
