import type { PaperCard, Reply } from '../../src/reply/reply.js';
import { isArxivId } from '../../src/papers/paper.js';
import { shortAuthors } from '../../src/reply/cards.js';

// Terminal text: strip control characters so paper text cannot move the cursor or clear the screen.
function plain(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function meta(c: PaperCard): string {
  const parts = [isArxivId(c.paperId) ? null : c.paperId, c.date, c.upvotes ? `${c.upvotes} upvotes` : null, c.stars ? `${c.stars} stars` : null, c.codeUrl ? `code: ${c.codeUrl}` : null];
  return parts.filter(Boolean).join(' · ');
}

export function renderCard(c: PaperCard, n: number): string {
  const lines = [`${n}. ${plain(c.title)}`];
  if (c.url) lines.push(`   ${c.url}`);
  if (c.authors.length) lines.push(`   ${plain(shortAuthors(c.authors))}`);
  if (c.tldr) lines.push(`   TL;DR: ${plain(c.tldr)}`);
  if (c.keyResult) lines.push(`   Key result: ${plain(c.keyResult)}`);
  const m = meta(c);
  if (m) lines.push(`   ${m}`);
  if (c.why.length) lines.push(`   why: ${plain(c.why.join('; '))}`);
  return lines.join('\n');
}

export function renderReply(r: Reply): string {
  const out = [plain(r.text.replace(/\*([^*]+)\*/g, '$1'))];
  r.cards.forEach((c, i) => out.push(renderCard(c, i + 1)));
  if (r.cards.length) out.push('Type ":bookmark: N" to save result N, "similar N" for papers like it, ":-1: N" for less like it.');
  if (r.file) out.push(`--- ${r.file.filename} ---\n${r.file.content}`);
  return out.join('\n\n');
}
