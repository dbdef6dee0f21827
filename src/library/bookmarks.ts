import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { bookmarks, papers } from '../db/schema.js';
import { toPaper } from '../papers/store.js';
import type { Paper } from '../papers/paper.js';

/** Who saves: bookmarks are kept per platform workspace, never shared across workspaces. */
export interface Saver {
  platform: string;
  workspaceId: string;
  userId: string;
}

/** Returns false when it was already saved. */
export async function addBookmark(db: Db, who: Saver, paperId: string): Promise<boolean> {
  const rows = await db
    .insert(bookmarks)
    .values({ ...who, paperId })
    .onConflictDoNothing()
    .returning({ paperId: bookmarks.paperId });
  return rows.length > 0;
}

/** Returns false when there was nothing to remove. */
export async function removeBookmark(db: Db, who: Saver, paperId: string): Promise<boolean> {
  const rows = await db
    .delete(bookmarks)
    .where(
      and(
        eq(bookmarks.platform, who.platform),
        eq(bookmarks.workspaceId, who.workspaceId),
        eq(bookmarks.userId, who.userId),
        eq(bookmarks.paperId, paperId),
      ),
    )
    .returning({ paperId: bookmarks.paperId });
  return rows.length > 0;
}

/** The user's saved papers, newest first. */
export async function listBookmarks(db: Db, who: Saver, limit = 1_000): Promise<Array<{ paper: Paper; savedAt: Date }>> {
  const rows = await db
    .select({ paper: papers, savedAt: bookmarks.createdAt })
    .from(bookmarks)
    .innerJoin(papers, eq(papers.id, bookmarks.paperId))
    .where(and(eq(bookmarks.platform, who.platform), eq(bookmarks.workspaceId, who.workspaceId), eq(bookmarks.userId, who.userId)))
    .orderBy(desc(bookmarks.createdAt), papers.id)
    .limit(limit);
  return rows.map((r) => ({ paper: toPaper(r.paper), savedAt: r.savedAt }));
}

/** What the workspace saved most, with how many people saved each. */
export async function teamBookmarks(
  db: Db,
  workspace: { platform: string; workspaceId: string },
  limit = 100,
): Promise<Array<{ paper: Paper; savers: number }>> {
  const savers = sql<number>`count(*)::int`;
  const rows = await db
    .select({ paper: papers, savers })
    .from(bookmarks)
    .innerJoin(papers, eq(papers.id, bookmarks.paperId))
    .where(and(eq(bookmarks.platform, workspace.platform), eq(bookmarks.workspaceId, workspace.workspaceId)))
    .groupBy(papers.id)
    .orderBy(desc(savers), desc(sql`max(${bookmarks.createdAt})`))
    .limit(limit);
  return rows.map((r) => ({ paper: toPaper(r.paper), savers: Number(r.savers) }));
}
