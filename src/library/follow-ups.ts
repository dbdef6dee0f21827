// Follow-ups: when a paper a channel was shown gains a code link or a new arXiv version, one short
// message in the thread of the original post says so, once per (channel, paper, kind, key).
//
// Where: every channel the paper was posted to (posted_messages, which also covers papers saved
// with a reaction: a reaction bookmark always comes from a posted message). A paper saved from
// a private search result has no message to thread under, so it gets no follow-up.
//
// Once: the follow_ups row (unique) is claimed before posting and released if the post fails,
// so racing processes post it once; a post with no answer is settled by asking the platform
// (Poster.findPosted), and where it cannot be asked, or a crash cuts in, the claim stays and the
// follow-up is not repeated (a missing follow-up beats a duplicate).
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { followUps, postedMessages } from '../db/schema.js';
import { textReply } from '../reply/reply.js';
import { PostOutcomeUnknownError, type Destination, type Poster, type PostedMessageRef } from '../delivery/poster.js';
import { publish } from '../delivery/publish.js';
import type { Logger } from '../log.js';
import type { UpsertResult } from '../papers/store.js';

/** What changed about a paper, as ingestion saw it (from upsertPapers' results). */
export interface PaperChange {
  paperId: string;
  title: string;
  /** Set when a newer arXiv version replaced the text. */
  newVersion: number | null;
  /** Set when the paper gained a code link. */
  codeUrl: string | null;
}

export type FollowUpKind = 'version' | 'code';

export interface FollowUp {
  to: Destination;
  paperId: string;
  kind: FollowUpKind;
  /** What makes it this follow-up and no other: "v3", or the code URL. */
  key: string;
  text: string;
  /** The original message's thread (or the message itself when it started none). */
  threadId: string;
}

/** The changes worth a follow-up among an upsert's results. */
export function paperChanges(results: UpsertResult[]): PaperChange[] {
  const out: PaperChange[] = [];
  for (const r of results) {
    if (r.inserted) continue;
    // Only a newer arXiv version is news; text arriving for a paper first seen without a version is not.
    const newVersion = r.textChanged && r.version !== null && r.previousVersion !== null && r.version > r.previousVersion ? r.version : null;
    const codeUrl = r.codeAdded ? r.codeUrl : null;
    if (newVersion !== null || codeUrl) out.push({ paperId: r.id, title: r.stored.title, newVersion, codeUrl });
  }
  return out;
}

export function followUpText(kind: FollowUpKind, change: { title: string; newVersion: number | null; codeUrl: string | null }): string {
  return kind === 'version' ? `New version v${change.newVersion} of this paper: ${change.title}` : `Code is now available: ${change.codeUrl}`;
}

/**
 * The follow-ups these changes call for, not yet said: one per channel the paper was posted to
 * (threaded under its most recent post there) and per kind.
 */
export async function planFollowUps(db: Db, changes: PaperChange[]): Promise<FollowUp[]> {
  if (changes.length === 0) return [];
  const ids = [...new Set(changes.map((c) => c.paperId))];
  const posts = await db.select().from(postedMessages).where(inArray(postedMessages.paperId, ids)).orderBy(desc(postedMessages.postedAt));
  const said = await db
    .select({ platform: followUps.platform, channelId: followUps.channelId, paperId: followUps.paperId, kind: followUps.kind, key: followUps.key })
    .from(followUps)
    .where(inArray(followUps.paperId, ids));
  const saidKeys = new Set(said.map((s) => `${s.platform}\n${s.channelId}\n${s.paperId}\n${s.kind}\n${s.key}`));
  const out: FollowUp[] = [];
  for (const change of changes) {
    // Newest post per channel first (ordered above): that is the thread people will look at.
    const latest = new Map<string, (typeof posts)[number]>();
    for (const p of posts) if (p.paperId === change.paperId && !latest.has(`${p.platform}\n${p.channelId}`)) latest.set(`${p.platform}\n${p.channelId}`, p);
    for (const p of latest.values()) {
      const kinds: Array<[FollowUpKind, string | null]> = [
        ['version', change.newVersion !== null ? `v${change.newVersion}` : null],
        ['code', change.codeUrl],
      ];
      for (const [kind, key] of kinds) {
        if (!key || saidKeys.has(`${p.platform}\n${p.channelId}\n${change.paperId}\n${kind}\n${key}`)) continue;
        out.push({
          to: { platform: p.platform, workspaceId: p.workspaceId, channelId: p.channelId },
          paperId: change.paperId,
          kind,
          key,
          text: followUpText(kind, change),
          threadId: p.threadId ?? p.messageId,
        });
      }
    }
  }
  return out;
}

export type FollowUpOutcome = { kind: 'posted'; messageId: string } | { kind: 'already' };

function followUpWhere(f: FollowUp) {
  return and(
    eq(followUps.platform, f.to.platform),
    eq(followUps.channelId, f.to.channelId),
    eq(followUps.paperId, f.paperId),
    eq(followUps.kind, f.kind),
    eq(followUps.key, f.key),
  );
}

/** A stable key per follow-up, for the Poster and for job ids. */
export function followUpKey(f: FollowUp): string {
  // Keys may be URLs: keep them short and free of characters job ids or nonces dislike.
  let h = 0x811c9dc5;
  for (const ch of `${f.to.platform}|${f.to.channelId}|${f.paperId}|${f.kind}|${f.key}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `paperbot-followup-${f.kind}-${h.toString(36)}`;
}

/**
 * Post one follow-up unless it was said already. Claims the follow_ups row first (the database
 * lets one claimant win), posts, and releases the claim if the post failed so a retry can say
 * it; the Poster's error is rethrown for the caller's retry policy.
 */
export async function sendFollowUp(deps: { db: Db; poster: Poster; log: Logger }, f: FollowUp): Promise<FollowUpOutcome> {
  const claimed = await deps.db
    .insert(followUps)
    .values({ platform: f.to.platform, channelId: f.to.channelId, paperId: f.paperId, kind: f.kind, key: f.key })
    .onConflictDoNothing()
    .returning({ id: followUps.id });
  if (claimed.length === 0) return { kind: 'already' };
  const since = new Date(Date.now() - 60_000);
  let ref: PostedMessageRef;
  try {
    ref = await publish(deps, deps.poster, { to: f.to, reply: textReply(f.text, 'channel'), threadId: f.threadId, idempotencyKey: followUpKey(f) });
  } catch (e) {
    if (e instanceof PostOutcomeUnknownError) {
      // No answer: it may have been posted. Ask before a retry may post it again; if the platform
      // cannot be asked, keep the claim (a lost follow-up is better than a repeated one).
      const found = deps.poster.findPosted
        ? await deps.poster.findPosted(f.to, followUpKey(f), { threadId: f.threadId, since }).catch(() => undefined)
        : undefined;
      if (found) {
        deps.log.info({ paperId: f.paperId, kind: f.kind, channel: f.to.channelId }, 'follow-up was posted despite no answer');
        return { kind: 'posted', messageId: found.messageId };
      }
      if (found === undefined) throw e;
    }
    await deps.db.delete(followUps).where(followUpWhere(f));
    throw e;
  }
  deps.log.info({ paperId: f.paperId, kind: f.kind, channel: f.to.channelId }, 'posted a follow-up');
  return { kind: 'posted', messageId: ref.messageId };
}
