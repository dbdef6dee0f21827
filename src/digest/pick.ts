// Which papers a channel's digest shows: the candidates (new since its last digest, never shown
// there), their relevance to the channel's topics (search), then scoring (src/digest/score.ts:
// taste, popularity, freshness, code) and diversity (MMR). docs/digest.md explains the choices.
import { and, eq, gte, max, sql } from 'drizzle-orm';
import type { Channel } from '../channels/channels.js';
import { channelFollows, matchingFollows, type Follow } from '../channels/follows.js';
import type { Db } from '../db/database.js';
import { digestItems, digests, papers, postedMessages } from '../db/schema.js';
import type { Paper } from '../papers/paper.js';
import { getPapers } from '../papers/store.js';
import type { SearchHit, SearchIndex } from '../search/search-index.js';
import { splitExclusions } from '../search/exclusions.js';
import { hasFilters, passesFilters, splitFilters } from '../search/filters.js';
import { STOP_WORDS } from '../search/stop-words.js';
import type { RecentPapers } from './recent-papers.js';
import { tasteLabels } from '../library/taste-feedback.js';
import { diversify, scoreCandidates, type Candidate, type ScoreParts } from './score.js';
import { DEFAULT_CATCH_UP_DAYS } from '../sources/catch-up.js';

/** What picking reads: the library, its search index and the app's recent-papers cache. */
export interface PickDeps {
  db: Db;
  search: Pick<SearchIndex, 'search'>;
  recentPapers: RecentPapers;
}

/** A paper chosen for a digest, with the reasons its card shows ("matches lora"). */
export interface PickedPaper {
  paperId: string;
  score: number;
  reasons: string[];
  /** What the score is made of (preview and `paperbot digest --dry-run` show it). */
  parts?: ScoreParts;
  paper?: Paper;
}

export interface PickOptions {
  /** The clock (tests, preview). */
  now?: Date;
  /** Ignore digests of this date when finding the window's start (the one being composed). */
  composingDate?: string;
  /** The channel's follows when the caller already has them. */
  follows?: Follow[];
}

export interface PickResult {
  picks: Array<Required<PickedPaper>>;
  /** Papers announced after this are new (null: the channel's first digest). */
  since: Date | null;
  /** Candidates that matched a topic well enough to be scored. */
  considered: number;
  /** Saved papers of the workspace the taste was learned from, and how. */
  saved: number;
  taste: 'none' | 'similarity' | 'model';
}

/** A channel's first digest looks back this far (papers with an announcement date). */
export const FIRST_DIGEST_DAYS = 7;
/**
 * The window starts this much before the last digest: a paper stored by another process moments
 * before that digest may not have reached this process's search index yet (sync polls every few
 * seconds), and ingestion can store an announcement after its announced time. The overlap costs
 * nothing: a paper already shown is never shown again.
 */
const WINDOW_OVERLAP_MS = 15 * 60_000;
/**
 * A late-stored paper (created after the last digest, announced before it) still counts as new,
 * unless its announcement is older than this: ingest's catch-up after downtime reaches this far
 * back, so the days it fetches reach the next digest; an older backfill is not news.
 */
const LATE_STORE_DAYS = DEFAULT_CATCH_UP_DAYS;
/** Search hits read per topic: bounded, so compose time does not grow with the library. */
const HITS_PER_TOPIC_MIN = 30;
const DAY_MS = 86_400_000;

/** Where the channel's candidate window starts: its last digest (other than the one being composed). */
export async function lastDigestTime(db: Db, channel: Channel, composingDate?: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(digests.createdAt) })
    .from(digests)
    .where(and(eq(digests.channelId, channel.id), composingDate ? sql`${digests.date} <> ${composingDate}` : undefined));
  const at = row?.at ? new Date(row.at) : null;
  return at ?? channel.lastDigestAt ?? null;
}

/**
 * Whether a paper is new since `since`: announced after it (or stored after it, when announced
 * shortly before). Papers without an announcement date (imports, the bundled sample) have nothing
 * to be new since: they stay candidates until shown, a backlog the digest works through best first.
 */
function windowStart(since: Date | null, now: Date): { from: number; lateFrom: number } {
  const from = (since?.getTime() ?? now.getTime() - FIRST_DIGEST_DAYS * DAY_MS) - WINDOW_OVERLAP_MS;
  return { from, lateFrom: from - LATE_STORE_DAYS * DAY_MS };
}

async function newSince(recentPapers: RecentPapers, since: Date | null, now: Date): Promise<(id: string) => boolean> {
  const { from, lateFrom } = windowStart(since, now);
  const recent = await recentPapers.since(lateFrom);
  return (id) => {
    const d = recent.get(id);
    if (!d) return false;
    if (d.announced === null) return true;
    return d.announced >= lateFrom && (d.announced >= from || d.created >= from);
  };
}

/** Papers this channel was already shown (within `repostAfterDays`, or ever when that is null). */
async function alreadyShown(db: Db, channel: Channel, now: Date): Promise<Set<string>> {
  const since = channel.repostAfterDays === null ? null : new Date(now.getTime() - channel.repostAfterDays * DAY_MS);
  const posted = await db
    .select({ id: postedMessages.paperId })
    .from(postedMessages)
    .where(
      and(
        eq(postedMessages.platform, channel.platform),
        eq(postedMessages.channelId, channel.channelId),
        since ? gte(postedMessages.postedAt, since) : undefined,
      ),
    );
  // Items of earlier digests count even if their post failed or is still under way.
  const listed = await db
    .select({ id: digestItems.paperId })
    .from(digestItems)
    .innerJoin(digests, eq(digests.id, digestItems.digestId))
    .where(and(eq(digests.channelId, channel.id), since ? gte(digests.createdAt, since) : undefined));
  return new Set([...posted, ...listed].map((r) => r.id));
}

/** The words of a topic a paper must match ("the kv-cache" -> kv, cache; "lora NOT diffusion" -> lora). */
export function topicWords(topic: string): string[] {
  // What the topic leaves out is not to be matched: the search has already dropped those papers.
  const words = splitExclusions(splitFilters(topic).text)
    .text.toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  return [...new Set(words)];
}

/**
 * The minimum absolute quality: the paper matches the topic's words (as written, through an
 * acronym, a composite name or a spelling fix, as the search engine explains its hits), all of
 * them for topics up to three words, three quarters of longer ones. BM25 always ranks something
 * first; this is what lets a day say "nothing new on lora" instead of posting a paper that
 * merely shares a common word.
 */
export function matchesTopic(hit: SearchHit, words: string[]): boolean {
  if (words.length === 0) return false;
  const covered = new Set<string>();
  if (hit.matches) {
    for (const m of hit.matches) for (const w of m.query.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w) covered.add(w);
  } else {
    // An engine that cannot explain: fall back to the forms it says matched.
    for (const f of hit.matched) for (const w of f.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w) covered.add(w);
  }
  const found = words.filter((w) => covered.has(w)).length;
  return words.length <= 3 ? found === words.length : found >= Math.ceil(0.75 * words.length);
}

/** A topic with filters reads this many times more hits, since the filters drop some. */
const FILTERED_HITS_FACTOR = 5;
/** Each further topic a paper matches adds this share of its relevance there (capped at 1). */
const EXTRA_TOPIC_SHARE = 0.25;

/**
 * Candidates for the channel's next digest: for each topic, the search hits among the new,
 * unshown papers that match the topic well enough, scored relative to the topic's best hit
 * (so topics weigh the same whatever their raw BM25 range). A paper keeps its best topic's
 * relevance, plus a quarter of each other topic's it also matches (a paper on two of the
 * channel's interests is more on-topic than one on either), and names every topic it matches.
 */
async function topicCandidates(
  deps: Pick<PickDeps, 'db' | 'search'>,
  topics: string[],
  allowed: (id: string) => boolean,
  perTopic: number,
  now: Date,
): Promise<Map<string, { relevance: number; topics: string[] }>> {
  const found = new Map<string, { scores: number[]; topics: string[] }>();
  for (const topic of topics) {
    // Filters (code:yes, cat:cs.LG, since:7d) are checked on the rows of the hits: read more of them.
    const { text, filters } = splitFilters(topic);
    const filtered = hasFilters(filters);
    const words = topicWords(topic);
    const { hits } = deps.search.search(text, { limit: filtered ? perTopic * FILTERED_HITS_FACTOR : perTopic, filter: allowed });
    let good = hits.filter((h) => matchesTopic(h, words));
    if (filtered) {
      const rows = new Map((await getPapers(deps.db, good.map((h) => h.id))).map((p) => [p.id, p]));
      good = good.filter((h) => rows.has(h.id) && passesFilters(rows.get(h.id)!, filters, now)).slice(0, perTopic);
    }
    const top = good[0]?.score || 1;
    for (const h of good) {
      const c = found.get(h.id) ?? { scores: [], topics: [] };
      c.scores.push(Math.min(1, h.score / top));
      c.topics.push(topic);
      found.set(h.id, c);
    }
  }
  const out = new Map<string, { relevance: number; topics: string[] }>();
  for (const [id, c] of found) {
    const best = Math.max(...c.scores);
    const rest = c.scores.reduce((s, x) => s + x, 0) - best;
    out.set(id, { relevance: Math.min(1, best + EXTRA_TOPIC_SHARE * rest), topics: c.topics });
  }
  return out;
}

/** A candidate's relevance when only a follow brought it (no topic matched): a venue is a stronger signal than a whole category. */
const FOLLOW_RELEVANCE: Record<Follow['kind'], number> = { author: 1, venue: 0.6, category: 0.4 };

/**
 * The new, unshown papers the channel's follows match, with the follows each matches. Only papers
 * with an announcement date: a follow is about new papers, and the undated backlog (imports) is
 * not news. Reads the window's authors, categories and comments (a few thousand rows at most).
 */
async function followedCandidates(db: Db, list: Follow[], allowed: (id: string) => boolean, lateFrom: number): Promise<Map<string, Follow[]>> {
  const out = new Map<string, Follow[]>();
  if (list.length === 0) return out;
  const rows = await db
    .select({ id: papers.id, authors: papers.authors, categories: papers.categories, comment: papers.comment })
    .from(papers)
    .where(and(eq(papers.withdrawn, false), gte(papers.announcedAt, new Date(lateFrom))));
  for (const r of rows) {
    if (!allowed(r.id)) continue;
    const hit = matchingFollows(r, list);
    if (hit.length) out.set(r.id, hit);
  }
  return out;
}

/**
 * The channel's next digest, without storing anything: up to `limit` papers, best first,
 * diversified, each with its score, score parts and the reasons its card shows.
 */
export async function pickForChannel(deps: PickDeps, channel: Channel, topics: string[], limit: number, options: PickOptions = {}): Promise<PickResult> {
  const now = options.now ?? new Date();
  const since = await lastDigestTime(deps.db, channel, options.composingDate);
  const follows = options.follows ?? (await channelFollows(deps.db, channel.id));
  if (limit <= 0 || (topics.length === 0 && follows.length === 0)) return { picks: [], since, considered: 0, saved: 0, taste: 'none' };
  const [isNew, shown, labels] = await Promise.all([newSince(deps.recentPapers, since, now), alreadyShown(deps.db, channel, now), tasteLabels(deps.db, channel)]);
  const saved = labels.liked;
  // A paper the channel said "less like this" about is never a candidate there.
  const refused = new Set(labels.disliked.map((p) => p.id));
  const allowed = (id: string) => !shown.has(id) && !refused.has(id) && isNew(id);
  const matched = await topicCandidates(deps, topics, allowed, Math.max(HITS_PER_TOPIC_MIN, limit * 6), now);
  const followed = await followedCandidates(deps.db, follows, allowed, windowStart(since, now).lateFrom);
  const loaded = await getPapers(deps.db, [...new Set([...matched.keys(), ...followed.keys()])]);
  const candidates: Candidate[] = loaded
    .filter((p) => !p.withdrawn)
    .map((paper) => {
      const by = followed.get(paper.id) ?? [];
      const m = matched.get(paper.id) ?? { relevance: Math.max(0, ...by.map((f) => FOLLOW_RELEVANCE[f.kind])), topics: [] };
      return { paper, ...m, follows: by.map((f) => f.label) };
    });
  if (candidates.length === 0) return { picks: [], since, considered: 0, saved: saved.length, taste: 'none' };
  const { scored, vectors, taste } = scoreCandidates(candidates, labels, now);
  // A followed author's new paper is always in: first, and beyond the digest's size if need be.
  const always = new Set(candidates.filter((c) => followed.get(c.paper.id)?.some((f) => f.kind === 'author')).map((c) => c.paper.id));
  const forced = scored.filter((c) => always.has(c.paper.id));
  const rest = diversify(scored.filter((c) => !always.has(c.paper.id)), vectors, Math.max(0, limit - forced.length));
  const picks = [...forced, ...rest].map((c) => ({ paperId: c.paper.id, score: c.score, reasons: c.reasons, parts: c.parts, paper: c.paper }));
  return { picks, since, considered: candidates.length, saved: saved.length, taste };
}

/** The papers for the channel's digest (compose.ts). */
export async function pickPapers(deps: PickDeps, channel: Channel, topics: string[], limit: number, options: PickOptions = {}): Promise<PickedPaper[]> {
  return (await pickForChannel(deps, channel, topics, limit, options)).picks;
}
