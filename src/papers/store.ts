import { and, count, desc, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { papers, paperSources, paperVersions } from '../db/schema.js';
import type { Paper } from './paper.js';
import type { PaperRecord } from './normalize.js';

export interface Summary {
  tldr: string | null;
  keyResult: string | null;
}

export interface UpsertResult {
  id: string;
  inserted: boolean;
  /** A new version (or, for papers without versions, new text) replaced the stored text. */
  textChanged: boolean;
}

// Postgres allows 65,535 bind parameters per statement; a row has about 30.
const CHUNK = 500;

/** The row replaces the stored text when it is a newer version, or new text for an unversioned paper. */
const TEXT_WINS_SQL = `(
  (excluded.version is not null and (papers.version is null or excluded.version > papers.version))
  or (excluded.version is null and papers.version is null
      and (excluded.title <> papers.title or excluded.abstract <> papers.abstract))
)`;
const TEXT_WINS = sql.raw(TEXT_WINS_SQL);

/** The same rule in TypeScript, to report which papers changed. */
function textWins(incoming: PaperRecord, stored: { version: number | null; title: string; abstract: string }): boolean {
  if (incoming.version !== null) return stored.version === null || incoming.version > stored.version;
  return stored.version === null && (incoming.title !== stored.title || incoming.abstract !== stored.abstract);
}

function pick(column: string) {
  return sql.raw(`case when ${TEXT_WINS_SQL} then excluded.${column} else papers.${column} end`);
}

/**
 * Insert or merge papers by id in one transaction. Re-importing is a no-op; a newer version
 * updates the text (bookmarks and posts reference the id, so they stay); popularity refreshes.
 */
export async function upsertPapers(db: Db, rows: Array<PaperRecord & Summary>): Promise<UpsertResult[]> {
  // Within one statement a row may be touched once: the last record for an id wins.
  const byId = new Map<string, PaperRecord & Summary>();
  for (const r of rows) byId.set(r.id, r);
  const unique = [...byId.values()];
  const results: UpsertResult[] = [];
  if (unique.length === 0) return results;

  await db.transaction(async (tx) => {
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const stored = new Map(
        (
          await tx
            .select({ id: papers.id, version: papers.version, title: papers.title, abstract: papers.abstract })
            .from(papers)
            .where(inArray(papers.id, chunk.map((r) => r.id)))
        ).map((r) => [r.id, r]),
      );
      await tx
        .insert(papers)
        .values(
          chunk.map((r) => ({
            id: r.id,
            version: r.version,
            title: r.title,
            abstract: r.abstract,
            authors: r.authors,
            publishedAt: r.publishedAt,
            updatedAt: r.updatedAt,
            announcedAt: r.announcedAt,
            primaryCategory: r.primaryCategory,
            categories: r.categories,
            comment: r.comment,
            journalRef: r.journalRef,
            doi: r.doi,
            codeUrl: r.codeUrl,
            projectUrl: r.projectUrl,
            upvotes: r.upvotes,
            stars: r.stars,
            hfComments: r.hfComments,
            hfSummary: r.hfSummary,
            keywords: r.keywords,
            sources: [r.source],
            tldr: r.tldr,
            keyResult: r.keyResult,
            tldrSource: r.tldr ? 'extractive' : null,
            withdrawn: r.withdrawn,
          })),
        )
        .onConflictDoUpdate({
          target: papers.id,
          set: {
            title: pick('title'),
            abstract: pick('abstract'),
            authors: sql`case when jsonb_array_length(excluded.authors) > 0 and (${TEXT_WINS} or jsonb_array_length(papers.authors) = 0) then excluded.authors else papers.authors end`,
            tldr: sql`case when ${TEXT_WINS} or papers.tldr is null then excluded.tldr else papers.tldr end`,
            keyResult: sql`case when ${TEXT_WINS} or papers.tldr is null then excluded.key_result else papers.key_result end`,
            tldrSource: sql`case when ${TEXT_WINS} or papers.tldr is null then excluded.tldr_source else papers.tldr_source end`,
            withdrawn: sql`case when ${TEXT_WINS} then excluded.withdrawn else papers.withdrawn or excluded.withdrawn end`,
            version: sql`greatest(papers.version, excluded.version)`,
            publishedAt: sql`least(papers.published_at, excluded.published_at)`,
            updatedAt: sql`greatest(papers.source_updated_at, excluded.source_updated_at)`,
            announcedAt: sql`coalesce(papers.announced_at, excluded.announced_at)`,
            primaryCategory: sql`coalesce(excluded.primary_category, papers.primary_category)`,
            categories: sql`case when jsonb_array_length(excluded.categories) > 0 then excluded.categories else papers.categories end`,
            comment: sql`coalesce(excluded.comment, papers.comment)`,
            journalRef: sql`coalesce(excluded.journal_ref, papers.journal_ref)`,
            doi: sql`coalesce(excluded.doi, papers.doi)`,
            codeUrl: sql`coalesce(excluded.code_url, papers.code_url)`,
            projectUrl: sql`coalesce(excluded.project_url, papers.project_url)`,
            upvotes: sql`coalesce(excluded.upvotes, papers.upvotes)`,
            stars: sql`coalesce(excluded.stars, papers.stars)`,
            hfComments: sql`coalesce(excluded.hf_comments, papers.hf_comments)`,
            hfSummary: sql`coalesce(excluded.hf_summary, papers.hf_summary)`,
            keywords: sql`case when jsonb_array_length(excluded.keywords) > 0 then excluded.keywords else papers.keywords end`,
            sources: sql`(select jsonb_agg(distinct s order by s) from jsonb_array_elements_text(papers.sources || excluded.sources) s)`,
            changedAt: sql`now()`,
          },
        });
      for (const r of chunk) {
        const before = stored.get(r.id);
        results.push({ id: r.id, inserted: !before, textChanged: before ? textWins(r, before) : false });
      }
      const versions = chunk.filter((r) => r.version !== null).map((r) => ({ paperId: r.id, version: r.version!, submittedAt: r.updatedAt ?? r.publishedAt }));
      if (versions.length) await tx.insert(paperVersions).values(versions).onConflictDoNothing();
      await tx
        .insert(paperSources)
        .values(chunk.map((r) => ({ paperId: r.id, source: r.source })))
        .onConflictDoUpdate({ target: [paperSources.paperId, paperSources.source], set: { lastSeenAt: sql`now()` } });
    }
  });
  return results;
}

type Row = typeof papers.$inferSelect;

export function toPaper(r: Row): Paper {
  return { ...r, upvotes: r.upvotes ?? 0, stars: r.stars ?? 0 };
}

export async function getPaper(db: Db, id: string): Promise<Paper | null> {
  const rows = await db.select().from(papers).where(sql`${papers.id} = ${id}`).limit(1);
  return rows[0] ? toPaper(rows[0]) : null;
}

/** Papers by id, in the order asked; unknown ids are left out. */
export async function getPapers(db: Db, ids: string[]): Promise<Paper[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(papers).where(inArray(papers.id, ids));
  const byId = new Map(rows.map((r) => [r.id, toPaper(r)]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function countPapers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(papers);
  return Number(row.n);
}

/** Papers written after `since` (all when null), oldest change first, for index sync. */
export async function papersChangedSince(db: Db, since: Date | null, limit = 5_000): Promise<Paper[]> {
  const rows = await db
    .select()
    .from(papers)
    .where(since ? and(gt(papers.changedAt, since)) : undefined)
    .orderBy(papers.changedAt)
    .limit(limit);
  return rows.map(toPaper);
}

export async function latestPapers(db: Db, limit: number): Promise<Paper[]> {
  const rows = await db.select().from(papers).orderBy(desc(papers.changedAt)).limit(limit);
  return rows.map(toPaper);
}

export async function setTldr(db: Db, id: string, s: Summary & { source: string }): Promise<void> {
  await db
    .update(papers)
    .set({ tldr: s.tldr, keyResult: s.keyResult, tldrSource: s.source, changedAt: sql`now()` })
    .where(sql`${papers.id} = ${id}`);
}
