import { and, count, desc, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { papers } from '../db/schema.js';
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
  /** The text as stored after the merge (what the search index should hold). */
  stored: { title: string; abstract: string; authors: string[] };
  /** The version stored after the merge, and before it (null: none, or a new paper). */
  version: number | null;
  previousVersion: number | null;
  /** A code link is present now and was not before (follow-ups say so once). */
  codeAdded: boolean;
  codeUrl: string | null;
}

// Rows travel as one JSON parameter per chunk (jsonb_to_recordset): binding ~25 parameters a
// row was most of the cost on PGlite. The chunk bounds the statement's size and memory.
const CHUNK = 500;

/** The row replaces the stored text when it is a newer version, or new text for an unversioned paper. */
const TEXT_WINS = `(
  (excluded.version is not null and (papers.version is null or excluded.version > papers.version))
  or (excluded.version is null and papers.version is null
      and (excluded.title <> papers.title or excluded.abstract <> papers.abstract))
)`;

/** The same rule in TypeScript, to report which papers changed. */
function textWins(incoming: PaperRecord, stored: { version: number | null; title: string; abstract: string }): boolean {
  if (incoming.version !== null) return stored.version === null || incoming.version > stored.version;
  return stored.version === null && (incoming.title !== stored.title || incoming.abstract !== stored.abstract);
}

const pick = (column: string) => `case when ${TEXT_WINS} then excluded.${column} else papers.${column} end`;
const freshTldr = `${TEXT_WINS} or papers.tldr is null`;

/** What an upsert writes: every papers column but the two the database keeps itself. */
export type WrittenPaper = Required<Omit<typeof papers.$inferInsert, 'createdAt' | 'changedAt'>>;
const SCHEMA_COLUMNS = getTableColumns(papers);

/**
 * Column name -> SQL type of the written columns, from schema.ts (jsonb_to_recordset needs the
 * types). WrittenPaper makes paperRow name every one of them, so a new column cannot be missed.
 */
export const UPSERT_COLUMNS: Array<[string, string]> = Object.entries(SCHEMA_COLUMNS)
  .filter(([key]) => key !== 'createdAt' && key !== 'changedAt')
  .map(([, column]) => [column.name, column.getSQLType()]);

/** How a stored paper merges with an incoming one (the text rule above; popularity refreshes; the first announcement counts). */
const MERGE: Array<[string, string]> = [
  ['title', pick('title')],
  ['abstract', pick('abstract')],
  ['authors', `case when jsonb_array_length(excluded.authors) > 0 and (${TEXT_WINS} or jsonb_array_length(papers.authors) = 0) then excluded.authors else papers.authors end`],
  ['tldr', `case when ${freshTldr} then excluded.tldr else papers.tldr end`],
  ['key_result', `case when ${freshTldr} then excluded.key_result else papers.key_result end`],
  ['tldr_source', `case when ${freshTldr} then excluded.tldr_source else papers.tldr_source end`],
  ['withdrawn', `case when ${TEXT_WINS} then excluded.withdrawn else papers.withdrawn or excluded.withdrawn end`],
  ['version', 'greatest(papers.version, excluded.version)'],
  ['published_at', 'least(papers.published_at, excluded.published_at)'],
  ['source_updated_at', 'greatest(papers.source_updated_at, excluded.source_updated_at)'],
  // The first announcement counts (a replacement or a later HF feature is not news).
  ['announced_at', 'least(papers.announced_at, excluded.announced_at)'],
  ['primary_category', 'coalesce(excluded.primary_category, papers.primary_category)'],
  ['categories', 'case when jsonb_array_length(excluded.categories) > 0 then excluded.categories else papers.categories end'],
  ['comment', 'coalesce(excluded.comment, papers.comment)'],
  ['journal_ref', 'coalesce(excluded.journal_ref, papers.journal_ref)'],
  ['doi', 'coalesce(excluded.doi, papers.doi)'],
  ['code_url', 'coalesce(excluded.code_url, papers.code_url)'],
  ['project_url', 'coalesce(excluded.project_url, papers.project_url)'],
  ['upvotes', 'coalesce(excluded.upvotes, papers.upvotes)'],
  ['stars', 'coalesce(excluded.stars, papers.stars)'],
  ['hf_comments', 'coalesce(excluded.hf_comments, papers.hf_comments)'],
  ['hf_summary', 'coalesce(excluded.hf_summary, papers.hf_summary)'],
  ['keywords', 'case when jsonb_array_length(excluded.keywords) > 0 then excluded.keywords else papers.keywords end'],
  ['sources', '(select jsonb_agg(distinct s order by s) from jsonb_array_elements_text(papers.sources || excluded.sources) s)'],
  ['changed_at', 'now()'],
];

const NAMES = UPSERT_COLUMNS.map(([c]) => c).join(', ');
/**
 * One statement a chunk: the incoming rows, the stored state before (every part of a WITH sees
 * the same snapshot), the merge, the versions and the sources. Foreign keys are checked at the
 * end of the statement, when the papers rows exist.
 */
const UPSERT = `with x as materialized (
    select * from jsonb_to_recordset($1::jsonb) as x(${UPSERT_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})
  ),
  old as (select p.id, p.version, p.title, p.abstract, p.code_url from papers p join x on x.id = p.id),
  up as (
    insert into papers (${NAMES}) select ${NAMES} from x
    on conflict (id) do update set ${MERGE.map(([c, e]) => `${c} = ${e}`).join(',\n      ')}
    returning id, title, abstract, authors, version, code_url
  ),
  v as (
    insert into paper_versions (paper_id, version, submitted_at)
    select id, version, coalesce(source_updated_at, published_at) from x where version is not null
    on conflict do nothing
  ),
  s as (
    insert into paper_sources (paper_id, source) select id, sources->>0 from x
    on conflict (paper_id, source) do update set updated_at = now()
  )
  select up.id, up.title, up.abstract, up.authors, old.id is not null as existed, old.version as old_version, old.title as old_title, old.abstract as old_abstract,
    up.version, up.code_url, old.code_url as old_code_url
  from up left join old on old.id = up.id`;

interface UpsertRow {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  existed: boolean;
  old_version: number | null;
  old_title: string | null;
  old_abstract: string | null;
  version: number | null;
  code_url: string | null;
  old_code_url: string | null;
}

function writtenPaper(r: PaperRecord & Summary): WrittenPaper {
  return {
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
  };
}

/** The JSON row of one paper, keyed by column name as the upsert statement reads it. */
export function paperRow(r: PaperRecord & Summary): Record<string, unknown> {
  const written = writtenPaper(r);
  return Object.fromEntries(Object.entries(written).map(([key, v]) => [SCHEMA_COLUMNS[key as keyof WrittenPaper].name, v]));
}

// jsonb refuses NUL and unpaired surrogates (a text parameter refused NUL too): one such
// character would fail the whole batch, so it is dropped or replaced here.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');
const storable = (_key: string, v: unknown) => (typeof v === 'string' && UNSTORABLE.test(v) ? v.replace(UNSTORABLE_ALL, (c) => (c === '\u0000' ? '' : '\ufffd')) : v);

/** `sql` with the JSON rows as the statement's only parameter. */
function withRows(statement: string, rows: unknown[]) {
  const [before, after] = statement.split('$1');
  return sql`${sql.raw(before)}${JSON.stringify(rows, storable)}${sql.raw(after)}`;
}

/**
 * Insert or merge papers by id in one transaction. Re-importing is a no-op; a newer version
 * updates the text (bookmarks and posts reference the id, so they stay); popularity refreshes.
 */
export async function upsertPapers(db: Db, rows: Array<PaperRecord & Summary>): Promise<UpsertResult[]> {
  // Within one statement a row may be touched once: per id the highest version wins (the
  // last record on a tie), so a stale duplicate later in a batch cannot hide a newer version.
  const byId = new Map<string, PaperRecord & Summary>();
  for (const r of rows) {
    const kept = byId.get(r.id);
    if (!kept || (r.version ?? 0) >= (kept.version ?? 0)) byId.set(r.id, r);
  }
  const unique = [...byId.values()];
  const results: UpsertResult[] = [];
  if (unique.length === 0) return results;

  await db.transaction(async (tx) => {
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const { rows: out } = (await tx.execute(withRows(UPSERT, chunk.map(paperRow)))) as unknown as { rows: UpsertRow[] };
      const byIdOut = new Map(out.map((x) => [x.id, x]));
      for (const r of chunk) {
        const x = byIdOut.get(r.id)!;
        const before = x.existed ? { version: x.old_version, title: x.old_title ?? '', abstract: x.old_abstract ?? '' } : null;
        results.push({
          id: r.id,
          inserted: !before,
          textChanged: before ? textWins(r, before) : false,
          stored: { title: x.title, abstract: x.abstract, authors: x.authors },
          version: x.version,
          previousVersion: x.old_version,
          codeAdded: Boolean(before && !x.old_code_url && x.code_url),
          codeUrl: x.code_url,
        });
      }
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
