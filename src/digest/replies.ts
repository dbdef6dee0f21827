import { toCard } from '../reply/cards.js';
import type { Reply } from '../reply/reply.js';
import type { Paper } from '../papers/paper.js';

/** The digest's first message; the papers thread under it. */
export function digestHeaderReply(text: string): Reply {
  return { text, cards: [], actions: [], visibility: 'channel' };
}

/** One paper per message, so a reaction on it bookmarks exactly that paper. */
export function digestItemReply(paper: Paper, reasons: string[]): Reply {
  return { text: paper.title, cards: [toCard(paper, reasons)], actions: [], visibility: 'channel' };
}
