import type { EventEmitter } from 'node:events';
import { ensureChannel } from '../channels/channels.js';
import type { Db } from '../db/database.js';
import type { AppEvents } from '../events.js';
import { getPaper } from '../papers/store.js';
import { addLessLike, resetTaste, tasteLabels } from '../library/taste-feedback.js';
import { backgroundPapers, distinctiveWords } from '../library/taste-summary.js';
import type { CommandContext } from './command.js';
import { textReply, type Reply } from '../reply/reply.js';

const TITLES_SHOWN = 3;

const quoted = (titles: string[]) => titles.map((t) => `"${t.length > 80 ? `${t.slice(0, 79)}…` : t}"`).join(', ');
const papersWord = (n: number) => `${n} paper${n === 1 ? '' : 's'}`;

/** "Less like this" on a card (button, 👎, `/papers less <id>`): a negative label for this channel's taste. */
export async function lessReply(db: Db, ctx: CommandContext, paperId: string): Promise<Reply> {
  const paper = await getPaper(db, paperId);
  if (!paper) return textReply('That paper is no longer in the library.');
  const c = await ensureChannel(db, ctx);
  const added = await addLessLike(db, c.id, paper.id, ctx.userId);
  return textReply(
    added
      ? `Noted: fewer papers like "${paper.title}" in this channel's digest. \`/papers taste\` shows what it has learned.`
      : `You already asked for fewer papers like "${paper.title}" here.`,
  );
}

/** `/papers taste`: what this channel's digest has learned, in words, and from what. */
export async function tasteReply(db: Db, ctx: CommandContext): Promise<Reply> {
  const c = await ensureChannel(db, ctx);
  const { liked, disliked } = await tasteLabels(db, c);
  if (liked.length === 0 && disliked.length === 0) {
    return textReply('This channel has not learned a taste yet: save papers with :bookmark: (more like these) or mark them 👎 "less like this".');
  }
  const background = await backgroundPapers(db);
  const lines = ["What this channel's digest has learned:"];
  if (liked.length) {
    const words = distinctiveWords(liked, background);
    lines.push(`More of${words.length ? `: ${words.join(', ')}` : ''} (from ${papersWord(liked.length)} your team saved, e.g. ${quoted(liked.slice(0, TITLES_SHOWN).map((p) => p.title))})`);
  }
  if (disliked.length) {
    const words = distinctiveWords(disliked, background);
    lines.push(`Less of${words.length ? `: ${words.join(', ')}` : ''} (from ${papersWord(disliked.length)} marked "less like this", e.g. ${quoted(disliked.slice(0, TITLES_SHOWN).map((p) => p.title))})`);
  }
  lines.push('`/papers taste reset` makes it start afresh.');
  return textReply(lines.join('\n'));
}

/** `/papers taste reset`: said in the channel, since it changes everyone's digest. */
export async function tasteResetReply(deps: { db: Db; events: Pick<EventEmitter<AppEvents>, 'emit'> }, ctx: CommandContext): Promise<Reply> {
  const c = await ensureChannel(deps.db, ctx);
  const dropped = await resetTaste(deps.db, c.id);
  deps.events.emit('channelChanged', c.id);
  const what = dropped ? ` and ${dropped} "less like this" mark${dropped === 1 ? '' : 's'} dropped` : '';
  return textReply(`This channel's taste was reset${what}: papers saved from now on teach it again (bookmarks stay in everyone's library).`, 'channel');
}
