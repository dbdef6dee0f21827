import type { Db } from '../db/database.js';
import { paperForMessage } from '../messages/posted-messages.js';
import { addBookmark, removeBookmark } from './bookmarks.js';

export interface ReactionEvent {
  platform: string;
  workspaceId: string;
  channelId: string;
  messageId: string;
  userId: string;
  added: boolean;
}

export type ReactionOutcome = 'bookmarked' | 'unbookmarked' | 'unchanged' | 'ignored';

/**
 * A bookmark reaction on a message that shows one paper saves (or unsaves) that paper for the
 * person who reacted. Reactions on other messages are ignored. The adapter filters the emoji and
 * the bot's own reactions.
 */
export async function applyBookmarkReaction(db: Db, e: ReactionEvent): Promise<{ outcome: ReactionOutcome; paperId?: string; threadId?: string | null }> {
  const msg = await paperForMessage(db, e);
  if (!msg || msg.workspaceId !== e.workspaceId) return { outcome: 'ignored' };
  const who = { platform: e.platform, workspaceId: e.workspaceId, userId: e.userId };
  const changed = e.added ? await addBookmark(db, who, msg.paperId) : await removeBookmark(db, who, msg.paperId);
  // threadId: where the message sits, so a confirmation can go beside it.
  return { outcome: changed ? (e.added ? 'bookmarked' : 'unbookmarked') : 'unchanged', paperId: msg.paperId, threadId: msg.threadId };
}
