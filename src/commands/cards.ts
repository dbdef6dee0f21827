import { paperUrl, type Paper } from '../papers/paper.js';
import type { PaperCard } from './reply.js';

function firstSentence(text: string): string {
  const m = text.match(/^.{20,}?[.!?](?=\s+[A-Z]|$)/);
  return (m ? m[0] : text).slice(0, 240);
}

export function toCard(p: Paper, why: string[] = []): PaperCard {
  const date = p.publishedAt ?? p.announcedAt;
  return {
    paperId: p.id,
    title: p.title,
    url: paperUrl(p),
    authors: p.authors,
    tldr: p.tldr ?? (p.abstract ? firstSentence(p.abstract) : null),
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
