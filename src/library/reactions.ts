import type { Db } from '../db/database.js';
import { paperForMessage } from '../messages/posted-messages.js';
import { ensureChannel } from '../channels/channels.js';
import { addBookmark, removeBookmark } from './bookmarks.js';
import { addLessLike, removeLessLike } from './taste-feedback.js';

export interface ReactionEvent {
  platform: string;
  workspaceId: string;
  channelId: string;
  messageId: string;
  userId: string;
  added: boolean;
}

export type ReactionOutcome = 'bookmarked' | 'unbookmarked' | 'disliked' | 'undisliked' | 'unchanged' | 'ignored';

/** What a reaction did; threadId: where the message sits, so a confirmation can go beside it. */
export interface ReactionResult {
  outcome: ReactionOutcome;
  paperId?: string;
  threadId?: string | null;
}

/**
 * A bookmark reaction on a message that shows one paper saves (or unsaves) that paper for the
 * person who reacted. Reactions on other messages are ignored. The adapter filters the emoji and
 * the bot's own reactions.
 */
export async function applyBookmarkReaction(db: Db, e: ReactionEvent): Promise<ReactionResult> {
  const msg = await paperForMessage(db, e);
  if (!msg || msg.workspaceId !== e.workspaceId) return { outcome: 'ignored' };
  const who = { platform: e.platform, workspaceId: e.workspaceId, userId: e.userId };
  const changed = e.added ? await addBookmark(db, who, msg.paperId) : await removeBookmark(db, who, msg.paperId);
  return { outcome: changed ? (e.added ? 'bookmarked' : 'unbookmarked') : 'unchanged', paperId: msg.paperId, threadId: msg.threadId };
}

/**
 * A "less like this" reaction (👎) on a message that shows one paper: a negative label for the
 * channel's taste; removing the reaction takes it back. Other messages are ignored.
 */
export async function applyLessReaction(db: Db, e: ReactionEvent): Promise<ReactionResult> {
  const msg = await paperForMessage(db, e);
  if (!msg || msg.workspaceId !== e.workspaceId) return { outcome: 'ignored' };
  const channel = await ensureChannel(db, e);
  const changed = e.added ? await addLessLike(db, channel.id, msg.paperId, e.userId) : await removeLessLike(db, channel.id, msg.paperId, e.userId);
  return { outcome: changed ? (e.added ? 'disliked' : 'undisliked') : 'unchanged', paperId: msg.paperId, threadId: msg.threadId };
}
