import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { postedMessages } from '../db/schema.js';

/** A bot message that shows exactly one paper. */
export interface PostedMessage {
  platform: string;
  workspaceId: string;
  channelId: string;
  messageId: string;
  paperId: string;
  threadId?: string | null;
}

export async function recordPostedMessage(db: Db, m: PostedMessage): Promise<void> {
  await db
    .insert(postedMessages)
    .values({ ...m, threadId: m.threadId ?? null })
    .onConflictDoNothing();
}

/** The paper a message shows, or null when it is not one of ours (or shows several). */
export async function paperForMessage(
  db: Db,
  ref: { platform: string; channelId: string; messageId: string },
): Promise<{ paperId: string; workspaceId: string; threadId: string | null } | null> {
  const rows = await db
    .select({ paperId: postedMessages.paperId, workspaceId: postedMessages.workspaceId, threadId: postedMessages.threadId })
    .from(postedMessages)
    .where(and(eq(postedMessages.platform, ref.platform), eq(postedMessages.channelId, ref.channelId), eq(postedMessages.messageId, ref.messageId)))
    .limit(1);
  return rows[0] ?? null;
}
