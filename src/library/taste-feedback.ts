// The labels a channel's taste learns from: bookmarks of its workspace (positive) and "less like
// this" given in the channel (negative, table taste_feedback). `/papers taste reset` starts both
// afresh for the channel: its negatives are deleted, and bookmarks saved before the reset stop
// counting for it (they stay in people's libraries).
import { and, desc, eq, gte, max } from 'drizzle-orm';
import type { Channel } from '../channels/channels.js';
import type { Db } from '../db/database.js';
import { bookmarks, channels, papers, tasteFeedback } from '../db/schema.js';
import type { Paper } from '../papers/paper.js';
import { toPaper } from '../papers/store.js';

/** The most recent labels of each kind the taste is learned from. */
const MAX_LABELS = 500;

export interface TasteLabels {
  /** Saved by the workspace since the channel's last taste reset, most recent first. */
  liked: Paper[];
  /** Marked "less like this" in the channel, most recent first. */
  disliked: Paper[];
}

/** Returns false when this person had already said it about this paper here. */
export async function addLessLike(db: Db, channelId: number, paperId: string, userId: string): Promise<boolean> {
  const rows = await db.insert(tasteFeedback).values({ channelId, paperId, userId, label: -1 }).onConflictDoNothing().returning();
  return rows.length > 0;
}

/** Taking the 👎 back. Returns false when there was nothing to take back. */
export async function removeLessLike(db: Db, channelId: number, paperId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(tasteFeedback)
    .where(and(eq(tasteFeedback.channelId, channelId), eq(tasteFeedback.paperId, paperId), eq(tasteFeedback.userId, userId)))
    .returning();
  return rows.length > 0;
}

/** The workspace's saved papers (since `since`), most recently saved first. */
export async function workspaceSaved(db: Db, workspace: { platform: string; workspaceId: string }, since: Date | null = null, limit = MAX_LABELS): Promise<Paper[]> {
  const rows = await db
    .select({ paper: papers })
    .from(bookmarks)
    .innerJoin(papers, eq(papers.id, bookmarks.paperId))
    .where(and(eq(bookmarks.platform, workspace.platform), eq(bookmarks.workspaceId, workspace.workspaceId), since ? gte(bookmarks.createdAt, since) : undefined))
    .groupBy(papers.id)
    .orderBy(desc(max(bookmarks.createdAt)), papers.id)
    .limit(limit);
  return rows.map((r) => toPaper(r.paper));
}

export async function channelDisliked(db: Db, channelId: number, limit = MAX_LABELS): Promise<Paper[]> {
  const rows = await db
    .select({ paper: papers })
    .from(tasteFeedback)
    .innerJoin(papers, eq(papers.id, tasteFeedback.paperId))
    .where(and(eq(tasteFeedback.channelId, channelId), eq(tasteFeedback.label, -1)))
    .groupBy(papers.id)
    .orderBy(desc(max(tasteFeedback.createdAt)), papers.id)
    .limit(limit);
  return rows.map((r) => toPaper(r.paper));
}

/** Everything the channel's taste learns from. */
export async function tasteLabels(db: Db, channel: Channel): Promise<TasteLabels> {
  const [liked, disliked] = await Promise.all([workspaceSaved(db, channel, channel.tasteResetAt), channelDisliked(db, channel.id)]);
  return { liked, disliked };
}

/** Forget what the channel learned; returns how many "less like this" labels were dropped. */
export async function resetTaste(db: Db, channelId: number, now = new Date()): Promise<number> {
  const dropped = await db.delete(tasteFeedback).where(eq(tasteFeedback.channelId, channelId)).returning();
  await db.update(channels).set({ tasteResetAt: now, updatedAt: now }).where(eq(channels.id, channelId));
  return dropped.length;
}
