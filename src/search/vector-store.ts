/**
 * The semantic layer's word vectors in the database: learned from the deployment's own library by a
 * scheduled job (jobs: the `vectors` ingest schedule), read by every process at start and re-read when
 * a newer row appears. A library too small to learn from (the 119-paper sample) gets no vectors, and
 * search stays lexical; `paperbot doctor` and the job's log line say so.
 */
import { asc, count, desc, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { papers, wordVectors } from '../db/schema.js';
import { contentWords } from './learn-from-text.js';
import type { SearchIndex } from './search-index.js';
import { learnTermVectors, type LearnOptions, type TermVectors } from './term-vectors.js';
import { decodeTermVectors, encodeTermVectors } from './vector-codec.js';

/**
 * Fewer papers than this teach word vectors too noisy to help: co-occurrence needs each word in several
 * papers with varied neighbours. At 119 papers most words are in one or two.
 */
export const MIN_PAPERS_FOR_VECTORS = 2_000;

const PAGE = 5_000;

export type LearnReport =
  | { status: 'learned'; papers: number; terms: number; dims: number; seconds: number }
  | { status: 'too-small'; papers: number; needed: number };

/** Read the library in pages and learn its word vectors; store them (replacing older ones) unless it is too small. */
export async function learnLibraryVectors(db: Db, options: LearnOptions & { minPapers?: number } = {}): Promise<LearnReport> {
  const needed = options.minPapers ?? MIN_PAPERS_FOR_VECTORS;
  const started = performance.now();
  const docs: string[][] = [];
  let after = '';
  for (;;) {
    const rows = await db
      .select({ id: papers.id, title: papers.title, abstract: papers.abstract })
      .from(papers)
      .where(gt(papers.id, after))
      .orderBy(asc(papers.id))
      .limit(PAGE);
    if (rows.length === 0) break;
    for (const r of rows) docs.push(contentWords(r.title, r.abstract));
    after = rows[rows.length - 1].id;
  }
  if (docs.length < needed) return { status: 'too-small', papers: docs.length, needed };
  const tv = learnTermVectors(() => docs, options);
  const row = encodeTermVectors(tv);
  const [saved] = await db.insert(wordVectors).values(row).returning({ id: wordVectors.id });
  await db.delete(wordVectors).where(lt(wordVectors.id, saved.id));
  return { status: 'learned', papers: tv.papers, terms: tv.terms.length, dims: tv.dims, seconds: (performance.now() - started) / 1000 };
}

/** The newest stored vectors and when they were learned; null when there are none (or the row is damaged). */
export async function loadTermVectors(db: Db): Promise<{ vectors: TermVectors; learnedAt: Date } | null> {
  const [row] = await db.select().from(wordVectors).orderBy(desc(wordVectors.id)).limit(1);
  if (!row) return null;
  const vectors = decodeTermVectors(row);
  return vectors ? { vectors, learnedAt: row.learnedAt } : null;
}

/** When the newest vectors were learned (a cheap poll for other processes); null when there are none. */
export async function vectorsLearnedAt(db: Db): Promise<Date | null> {
  const [row] = await db.select({ learnedAt: wordVectors.learnedAt }).from(wordVectors).orderBy(desc(wordVectors.id)).limit(1);
  return row?.learnedAt ?? null;
}

/** One line on the semantic layer for `paperbot doctor`: on with what, or off and why. */
export async function semanticStatus(db: Db, index: SearchIndex): Promise<{ on: boolean; line: string }> {
  const held = index.semantic?.() ?? null;
  const at = await vectorsLearnedAt(db);
  if (held && at) {
    return { on: true, line: `semantic search: on (${held.terms.toLocaleString('en')} words x ${held.dims} learned from ${held.papers.toLocaleString('en')} papers at ${at.toISOString()})` };
  }
  const [{ n }] = await db.select({ n: count() }).from(papers);
  if (n < MIN_PAPERS_FOR_VECTORS) {
    return { on: false, line: `semantic search: off, lexical only (the library has ${n.toLocaleString('en')} papers; word vectors need ${MIN_PAPERS_FOR_VECTORS.toLocaleString('en')})` };
  }
  return { on: false, line: 'semantic search: off, lexical only (no word vectors learned yet: the daily job learns them at 03:00 UTC, or run `paperbot learn-vectors`)' };
}
