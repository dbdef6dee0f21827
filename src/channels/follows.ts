// What a channel follows besides its topics: authors, arXiv categories, venues. A followed
// author's new paper is always in the next digest; categories and venues add candidates that the
// digest ranks with the rest (docs/digest.md, "Follows").
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { follows } from '../db/schema.js';
import { foldText } from '../papers/clean.js';
export { CATEGORY_PATTERN } from '../search/filters.js';

export type FollowKind = 'author' | 'category' | 'venue';

export interface Follow {
  kind: FollowKind;
  /** As typed ("Tri Dao", "cs.CL", "ACL"): what replies and why lines say. */
  label: string;
  /** The folded form matched on. */
  key: string;
}

/** What a follow is matched against. */
export interface FollowablePaper {
  authors: string[];
  categories: string[];
  comment: string | null;
}

/**
 * Case- and accent-insensitive form of a name: NFKD splits "é" into "e" and a combining mark,
 * which is dropped; punctuation and runs of spaces become one space ("Dao, T." and "dao t" meet).
 */
export function foldName(s: string): string {
  // Letters NFKD keeps whole, spelled as people type them without the accent.
  return foldText(s).replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l');
}

/** The folded key of a follow: names and venues folded, categories lower-cased ("cs.cl"). */
export function followKey(kind: FollowKind, label: string): string {
  return kind === 'category' ? label.trim().toLowerCase() : foldName(label);
}

export function makeFollow(kind: FollowKind, label: string): Follow {
  return { kind, label: label.trim(), key: followKey(kind, label) };
}


/** A comment clause that only says where the paper was sent is not a venue's acceptance. */
const NOT_ACCEPTED = /\b(submitted|submission|under review|in review|rejected|preprint for)\b/;

/**
 * Whether the arXiv comment places the paper at the venue: the venue as whole words, optionally
 * run into its year ("ICML2026", "ICML26"), in a clause that is not a submission ("Submitted to
 * ACL 2026" does not count, "Accepted at ACL 2026" and "ACL 2026 Findings" do).
 */
export function commentNamesVenue(comment: string | null, venueKey: string): boolean {
  if (!comment || !venueKey) return false;
  const words = venueKey.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const venue = new RegExp(`(^| )${words.join(' ')}(\\d{2}|\\d{4})?( |$)`);
  return comment.split(/[;|.\n]\s/).some((clause) => {
    const folded = foldName(clause);
    return venue.test(folded) && !NOT_ACCEPTED.test(folded);
  });
}

/** The follows a paper matches, in the order given. */
export function matchingFollows(paper: FollowablePaper, list: Follow[]): Follow[] {
  if (list.length === 0) return [];
  let authors: Set<string> | null = null;
  let categories: Set<string> | null = null;
  return list.filter((f) => {
    if (f.kind === 'author') return (authors ??= new Set(paper.authors.map(foldName))).has(f.key);
    if (f.kind === 'category') return (categories ??= new Set(paper.categories.map((c) => c.toLowerCase()))).has(f.key);
    return commentNamesVenue(paper.comment, f.key);
  });
}

/** Returns false when the channel already followed it. */
export async function addFollow(db: Db, channelId: number, f: Follow, userId: string): Promise<boolean> {
  const rows = await db.insert(follows).values({ channelId, ...f, createdBy: userId }).onConflictDoNothing().returning();
  return rows.length > 0;
}

/** Returns the follow removed (with its label as first typed), or null when there was none. */
export async function removeFollow(db: Db, channelId: number, f: Follow): Promise<Follow | null> {
  const [row] = await db
    .delete(follows)
    .where(and(eq(follows.channelId, channelId), eq(follows.kind, f.kind), eq(follows.key, f.key)))
    .returning();
  return row ? { kind: row.kind as FollowKind, label: row.label, key: row.key } : null;
}

export async function channelFollows(db: Db, channelId: number): Promise<Follow[]> {
  const rows = await db
    .select({ kind: follows.kind, label: follows.label, key: follows.key })
    .from(follows)
    .where(eq(follows.channelId, channelId))
    .orderBy(asc(follows.createdAt), asc(follows.key));
  return rows.map((r) => ({ kind: r.kind as FollowKind, label: r.label, key: r.key }));
}
