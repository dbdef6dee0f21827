// Digest rows and the per-message delivery states. Every transition of the state machine
// (src/delivery/states.ts) is one conditional UPDATE of a digest_messages row, so two workers can
// never both believe they own a message: the database decides.
import { and, asc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.js';
import { channels, digestItems, digestMessages, digests, papers } from '../db/schema.js';
import type { Destination, PostedMessageRef } from '../delivery/poster.js';
import { OPEN_STATES, TRANSITIONS, type DeliveryErrorKind, type DeliveryEvent, type DeliveryState } from '../delivery/states.js';
import type { Paper } from '../papers/paper.js';
import { toPaper } from '../papers/store.js';
import type { Digest, DigestItem, DigestSlot, DigestStatus } from './digest.js';

type DigestRow = typeof digests.$inferSelect;
type ItemRow = typeof digestItems.$inferSelect;
type MessageRow = typeof digestMessages.$inferSelect;

/** The header is slot 0 of digest_messages; item n is slot n. */
export const slotNumber = (slot: DigestSlot): number => (slot === 'header' ? 0 : slot);

export interface NewDigestItem {
  paperId: string;
  score: number;
  reasons: string[];
}

export interface NewDigest {
  channelId: number;
  date: string;
  headerText: string;
  /** A quiet empty digest posts nothing: its header is 'skipped' and its status 'empty'. */
  quiet: boolean;
  items: NewDigestItem[];
}

const noMessage = (digestId: number, slot: number): MessageRow => ({
  digestId, slot, state: 'pending', messageId: null, threadId: null, attempts: 0, errorKind: null, error: null, claimedAt: null, postedAt: null,
});

function toDigest(r: DigestRow, items: ItemRow[], messages: MessageRow[]): Digest {
  const bySlot = new Map(messages.map((m) => [m.slot, m]));
  const message = (slot: number) => bySlot.get(slot) ?? noMessage(r.id, slot);
  const h = message(0);
  return {
    id: r.id,
    channelId: r.channelId,
    date: r.date,
    status: r.status,
    header: { text: r.headerText ?? '', state: h.state, messageId: h.messageId, threadId: h.threadId, attempts: h.attempts, errorKind: h.errorKind, error: h.error, postedAt: h.postedAt, claimedAt: h.claimedAt },
    items: items.map((it): DigestItem => {
      const m = message(it.position);
      return { ...it, state: m.state, messageId: m.messageId, attempts: m.attempts, errorKind: m.errorKind, error: m.error, postedAt: m.postedAt, claimedAt: m.claimedAt };
    }),
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
  };
}

async function withItems(db: Db, row: DigestRow | undefined): Promise<Digest | null> {
  if (!row) return null;
  const items = await db.select().from(digestItems).where(eq(digestItems.digestId, row.id)).orderBy(asc(digestItems.position));
  const messages = await db.select().from(digestMessages).where(eq(digestMessages.digestId, row.id));
  return toDigest(row, items, messages);
}

export async function getDigest(db: Db, id: number): Promise<Digest | null> {
  const [row] = await db.select().from(digests).where(eq(digests.id, id)).limit(1);
  return withItems(db, row);
}

export async function findDigest(db: Db, channelId: number, date: string): Promise<Digest | null> {
  const [row] = await db.select().from(digests).where(and(eq(digests.channelId, channelId), eq(digests.date, date))).limit(1);
  return withItems(db, row);
}

/**
 * The one digest for (channel, date). The first writer inserts the row and its items in one
 * transaction; anyone racing it (a retried job, a second worker) hits the unique index, writes
 * nothing, and gets the winner's digest back.
 */
export async function createDigest(db: Db, d: NewDigest): Promise<{ digest: Digest; created: boolean }> {
  const empty = d.items.length === 0;
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(digests)
      .values({ channelId: d.channelId, date: d.date, headerText: d.headerText, status: empty && d.quiet ? 'empty' : 'composed' })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    const items = empty
      ? []
      : await tx
          .insert(digestItems)
          .values(d.items.map((it, i) => ({ digestId: row.id, position: i + 1, paperId: it.paperId, score: it.score, reasons: it.reasons })))
          .returning();
    const messages = await tx
      .insert(digestMessages)
      .values([{ digestId: row.id, slot: 0, state: empty && d.quiet ? ('skipped' as const) : ('pending' as const) }, ...items.map((it) => ({ digestId: row.id, slot: it.position }))])
      .returning();
    return toDigest(row, items.sort((a, b) => a.position - b.position), messages);
  });
  if (created) return { digest: created, created: true };
  const existing = await findDigest(db, d.channelId, d.date);
  if (!existing) throw new Error(`digest for channel ${d.channelId} on ${d.date} vanished while composing`);
  return { digest: existing, created: false };
}

/** Everything delivery needs about one message of a digest, read in three queries. */
export interface SlotView {
  digestId: number;
  date: string;
  status: DigestStatus;
  to: Destination;
  /** channels.id */
  channelRowId: number;
  headerText: string;
  headerState: DeliveryState;
  headerThreadId: string | null;
  headerMessageId: string | null;
  itemCount: number;
  createdAt: Date;
  slot: { state: DeliveryState; messageId: string | null; attempts: number; errorKind: DeliveryErrorKind | null; error: string | null; paperId: string | null; reasons: string[] };
  /** For items: the paper, read in the same query (null when it left the library). */
  paper: Paper | null;
  /** For items: the state of the message before this one (the header for position 1). */
  previous: DeliveryState | null;
}

export async function loadSlot(db: Db, digestId: number, slot: DigestSlot): Promise<SlotView | null> {
  const [d] = await db
    .select({
      digest: digests,
      platform: channels.platform,
      workspaceId: channels.workspaceId,
      externalChannelId: channels.channelId,
      itemCount: sql<number>`(select count(*) from ${digestItems} where ${digestItems.digestId} = ${digests.id})::int`,
    })
    .from(digests)
    .innerJoin(channels, eq(channels.id, digests.channelId))
    .where(eq(digests.id, digestId))
    .limit(1);
  if (!d) return null;
  const n = slotNumber(slot);
  // The header (its thread), this message, and the one before it.
  const messages = await db
    .select()
    .from(digestMessages)
    .where(and(eq(digestMessages.digestId, digestId), inArray(digestMessages.slot, [...new Set([0, Math.max(0, n - 1), n])])));
  const header = messages.find((m) => m.slot === 0);
  const mine = messages.find((m) => m.slot === n);
  if (!header || !mine) return null;
  const r = d.digest;
  const view: SlotView = {
    digestId: r.id,
    date: r.date,
    status: r.status,
    to: { platform: d.platform, workspaceId: d.workspaceId, channelId: d.externalChannelId },
    channelRowId: r.channelId,
    headerText: r.headerText ?? '',
    headerState: header.state,
    headerThreadId: header.threadId,
    headerMessageId: header.messageId,
    itemCount: Number(d.itemCount),
    createdAt: r.createdAt,
    slot: { state: mine.state, messageId: mine.messageId, attempts: mine.attempts, errorKind: mine.errorKind, error: mine.error, paperId: null, reasons: [] },
    previous: null,
    paper: null,
  };
  if (slot === 'header') return view;
  const [found] = await db
    .select({ item: digestItems, paper: papers })
    .from(digestItems)
    .leftJoin(papers, eq(papers.id, digestItems.paperId))
    .where(and(eq(digestItems.digestId, digestId), eq(digestItems.position, slot)));
  if (!found) return null;
  view.paper = found.paper ? toPaper(found.paper) : null;
  view.slot = { ...view.slot, paperId: found.item.paperId, reasons: found.item.reasons };
  view.previous = messages.find((m) => m.slot === n - 1)?.state ?? null;
  return view;
}

type MessageSet = Omit<PgUpdateSetSource<typeof digestMessages>, 'digestId' | 'slot' | 'state'>;

/**
 * One transition of the state machine: the message moves only if it is in one of the event's
 * `from` states (and `extra` holds); returns how many rows moved (0 or 1).
 */
async function move(db: Db, digestId: number, slot: DigestSlot, event: DeliveryEvent, values: MessageSet, extra?: SQL): Promise<number> {
  const t = TRANSITIONS[event];
  const rows = await db
    .update(digestMessages)
    .set({ ...values, state: t.to })
    .where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.slot, slotNumber(slot)), inArray(digestMessages.state, [...t.from]), extra))
    .returning({ one: sql<number>`1` });
  return rows.length;
}

export type Claim =
  /** Ours to post. `recovering`: an earlier claim went stale, so it may already be on the platform. */
  | { kind: 'claimed'; recovering: boolean }
  | { kind: 'posted' }
  | { kind: 'settled'; state: DeliveryState }
  /** Another worker claimed it moments ago: look again in `waitMs`. */
  | { kind: 'busy'; waitMs: number }
  | { kind: 'missing' };

const olderThan = (ms: number) => sql`${digestMessages.claimedAt} < now() - (${Math.max(0, Math.round(ms))} * interval '1 millisecond')`;

/**
 * Take a message for posting: pending -> posting, or a stale posting (its claimant died, or hung
 * longer than `leaseMs`) -> posting again, flagged `recovering`. The clock is the database's, so
 * workers with skewed clocks agree.
 */
export async function claimSlot(db: Db, digestId: number, slot: DigestSlot, leaseMs: number): Promise<Claim> {
  const claim = { claimedAt: sql`now()`, attempts: sql`${digestMessages.attempts} + 1`, error: null, errorKind: null };
  if (await move(db, digestId, slot, 'claim', claim)) return { kind: 'claimed', recovering: false };
  if (await move(db, digestId, slot, 'reclaim', claim, olderThan(leaseMs))) return { kind: 'claimed', recovering: true };
  const [row] = await db
    .select({ state: digestMessages.state, ageMs: sql<number | null>`(extract(epoch from (now() - ${digestMessages.claimedAt})) * 1000)::float8` })
    .from(digestMessages)
    .where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.slot, slotNumber(slot))))
    .limit(1);
  if (!row) return { kind: 'missing' };
  if (row.state === 'posted') return { kind: 'posted' };
  if (row.state === 'posting') return { kind: 'busy', waitMs: Math.max(250, leaseMs - Number(row.ageMs ?? 0) + 50) };
  if (row.state === 'pending') return { kind: 'busy', waitMs: 250 }; // released between our two updates: look again soon
  return { kind: 'settled', state: row.state };
}

/** -> posted, with the platform's message id (and, for the header, the thread items go under). */
export async function markSlotPosted(db: Db, digestId: number, slot: DigestSlot, ref: PostedMessageRef): Promise<void> {
  const threadId = slot === 'header' ? (ref.threadId ?? ref.messageId) : undefined;
  await move(db, digestId, slot, 'posted', { messageId: ref.messageId, ...(threadId !== undefined && { threadId }), postedAt: sql`now()`, error: null, errorKind: null });
}

/** posting -> pending: the platform said no (429, 5xx), or could not be asked; a retry may post it. */
export async function releaseSlot(db: Db, digestId: number, slot: DigestSlot, kind: DeliveryErrorKind, error: string): Promise<void> {
  await move(db, digestId, slot, 'release', { claimedAt: null, errorKind: kind, error: error.slice(0, 500) });
}

/** -> failed, with the reason; never overrides a message that did get posted. */
export async function failSlot(db: Db, digestId: number, slot: DigestSlot, kind: DeliveryErrorKind, error: string): Promise<void> {
  await move(db, digestId, slot, 'fail', { errorKind: kind, error: error.slice(0, 500) });
}

/**
 * When every message is posted or failed: the digest becomes delivered (or partial) and the
 * channel's last digest time moves. Returns the new status, or null when messages are still open.
 */
export async function settleDigest(db: Db, digestId: number): Promise<DigestStatus | null> {
  const ofThis = sql`select 1 from ${digestMessages} where ${digestMessages.digestId} = ${digestId}`;
  const open = sql`exists (${ofThis} and ${inArray(digestMessages.state, [...OPEN_STATES])})`;
  const anyFailed = sql`exists (${ofThis} and ${digestMessages.state} = 'failed')`;
  const [row] = await db
    .update(digests)
    .set({ status: sql`case when ${anyFailed} then 'partial' else 'delivered' end::digest_status`, deliveredAt: sql`now()` })
    .where(and(eq(digests.id, digestId), eq(digests.status, 'composed'), sql`not ${open}`))
    .returning({ status: digests.status, channelId: digests.channelId });
  if (!row) return null;
  await db.update(channels).set({ lastDigestAt: sql`now()` }).where(eq(channels.id, row.channelId));
  return row.status;
}

/** Digests created since `since` whose delivery has not finished (to re-enqueue after a restart). */
export async function unfinishedDigests(db: Db, since: Date): Promise<Digest[]> {
  return (await unfinishedDeliveries(db, since)).map((u) => u.digest);
}

/**
 * Unfinished digests with where they go, in three queries whatever their number: the periodic
 * sweep runs this during the 09:00 rush, when a thousand digests are open at once.
 */
export async function unfinishedDeliveries(db: Db, since: Date): Promise<Array<{ digest: Digest; to: Destination }>> {
  const rows = await db
    .select({ digest: digests, platform: channels.platform, workspaceId: channels.workspaceId, channelId: channels.channelId })
    .from(digests)
    .innerJoin(channels, eq(channels.id, digests.channelId))
    .where(and(eq(digests.status, 'composed'), gte(digests.createdAt, since)))
    .orderBy(asc(digests.id));
  if (rows.length === 0) return [];
  const items = await db
    .select()
    .from(digestItems)
    .where(inArray(digestItems.digestId, rows.map((r) => r.digest.id)))
    .orderBy(asc(digestItems.digestId), asc(digestItems.position));
  const messages = await db.select().from(digestMessages).where(inArray(digestMessages.digestId, rows.map((r) => r.digest.id)));
  const byDigest = new Map<number, ItemRow[]>();
  for (const it of items) byDigest.set(it.digestId, [...(byDigest.get(it.digestId) ?? []), it]);
  const messagesOf = new Map<number, MessageRow[]>();
  for (const m of messages) messagesOf.set(m.digestId, [...(messagesOf.get(m.digestId) ?? []), m]);
  return rows.map((r) => ({
    digest: toDigest(r.digest, byDigest.get(r.digest.id) ?? [], messagesOf.get(r.digest.id) ?? []),
    to: { platform: r.platform, workspaceId: r.workspaceId, channelId: r.channelId },
  }));
}

/** Messages given up on, newest first, with why. */
export async function failedDigestMessages(db: Db, limit = 10): Promise<Array<{ digestId: number; slot: DigestSlot; errorKind: DeliveryErrorKind | null; error: string | null; attempts: number; at: Date | null }>> {
  const rows = await db
    .select({ digestId: digestMessages.digestId, slot: digestMessages.slot, errorKind: digestMessages.errorKind, error: digestMessages.error, attempts: digestMessages.attempts, at: digestMessages.claimedAt })
    .from(digestMessages)
    .where(eq(digestMessages.state, 'failed'))
    .orderBy(sql`${digestMessages.claimedAt} desc nulls last`)
    .limit(limit);
  return rows.map((r) => ({ ...r, slot: r.slot === 0 ? ('header' as const) : r.slot }));
}
