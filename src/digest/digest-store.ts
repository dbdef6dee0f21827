// Digest rows and the per-message delivery states. Every transition is one conditional UPDATE, so
// two workers can never both believe they own a message: the database decides.
import { and, asc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { channels, digestItems, digests, papers } from '../db/schema.js';
import type { Destination, PostedMessageRef } from '../delivery/poster.js';
import type { Paper } from '../papers/paper.js';
import { toPaper } from '../papers/store.js';
import type { DeliveryState, Digest, DigestItem, DigestSlot, DigestStatus } from './digest.js';

type DigestRow = typeof digests.$inferSelect;
type ItemRow = typeof digestItems.$inferSelect;

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

function toItem(r: ItemRow): DigestItem {
  return { ...r, state: r.state as DeliveryState };
}

function toDigest(r: DigestRow, items: ItemRow[]): Digest {
  return {
    id: r.id,
    channelId: r.channelId,
    date: r.date,
    status: r.status as DigestStatus,
    header: {
      text: r.headerText ?? '',
      state: r.headerState as DeliveryState,
      messageId: r.headerMessageId,
      threadId: r.headerThreadId,
      attempts: r.headerAttempts,
      error: r.headerError,
      postedAt: r.headerPostedAt,
      claimedAt: r.headerClaimedAt,
    },
    items: items.map(toItem),
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
  };
}

async function withItems(db: Db, row: DigestRow | undefined): Promise<Digest | null> {
  if (!row) return null;
  const items = await db.select().from(digestItems).where(eq(digestItems.digestId, row.id)).orderBy(asc(digestItems.position));
  return toDigest(row, items);
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
      .values({
        channelId: d.channelId,
        date: d.date,
        headerText: d.headerText,
        status: empty && d.quiet ? 'empty' : 'composed',
        headerState: empty && d.quiet ? 'skipped' : 'pending',
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    const items = empty
      ? []
      : await tx
          .insert(digestItems)
          .values(d.items.map((it, i) => ({ digestId: row.id, position: i + 1, paperId: it.paperId, score: it.score, reasons: it.reasons })))
          .returning();
    return toDigest(row, items.sort((a, b) => a.position - b.position));
  });
  if (created) return { digest: created, created: true };
  const existing = await findDigest(db, d.channelId, d.date);
  if (!existing) throw new Error(`digest for channel ${d.channelId} on ${d.date} vanished while composing`);
  return { digest: existing, created: false };
}

/** Everything delivery needs about one message of a digest, read in two queries. */
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
  slot: { state: DeliveryState; messageId: string | null; attempts: number; error: string | null; paperId: string | null; reasons: string[] };
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
  const r = d.digest;
  const view: SlotView = {
    digestId: r.id,
    date: r.date,
    status: r.status as DigestStatus,
    to: { platform: d.platform, workspaceId: d.workspaceId, channelId: d.externalChannelId },
    channelRowId: r.channelId,
    headerText: r.headerText ?? '',
    headerState: r.headerState as DeliveryState,
    headerThreadId: r.headerThreadId,
    headerMessageId: r.headerMessageId,
    itemCount: Number(d.itemCount),
    createdAt: r.createdAt,
    slot: { state: r.headerState as DeliveryState, messageId: r.headerMessageId, attempts: r.headerAttempts, error: r.headerError, paperId: null, reasons: [] },
    previous: null,
    paper: null,
  };
  if (slot === 'header') return view;
  const found = await db
    .select({ item: digestItems, paper: papers })
    .from(digestItems)
    .leftJoin(papers, eq(papers.id, digestItems.paperId))
    .where(and(eq(digestItems.digestId, digestId), inArray(digestItems.position, slot > 1 ? [slot - 1, slot] : [slot])));
  const rows = found.map((f) => f.item);
  const mine = rows.find((x) => x.position === slot);
  if (!mine) return null;
  const paperRow = found.find((f) => f.item.position === slot)?.paper;
  view.paper = paperRow ? toPaper(paperRow) : null;
  view.slot = { state: mine.state as DeliveryState, messageId: mine.messageId, attempts: mine.attempts, error: mine.error, paperId: mine.paperId, reasons: mine.reasons };
  view.previous = slot === 1 ? view.headerState : ((rows.find((x) => x.position === slot - 1)?.state as DeliveryState | undefined) ?? null);
  return view;
}

// The header lives on the digest row, items in digest_items: one small adapter keeps the state
// machine below written once.
function slotColumns(digestId: number, slot: DigestSlot) {
  if (slot === 'header') {
    return {
      table: digests,
      where: eq(digests.id, digestId),
      state: digests.headerState,
      claimedAt: digests.headerClaimedAt,
      attempts: digests.headerAttempts,
      set: (v: { state?: string; claimedAt?: SQL | null; attempts?: SQL; error?: string | null; messageId?: string; threadId?: string | null; postedAt?: SQL }) => ({
        ...(v.state !== undefined && { headerState: v.state }),
        ...(v.claimedAt !== undefined && { headerClaimedAt: v.claimedAt }),
        ...(v.attempts !== undefined && { headerAttempts: v.attempts }),
        ...(v.error !== undefined && { headerError: v.error }),
        ...(v.messageId !== undefined && { headerMessageId: v.messageId }),
        ...(v.threadId !== undefined && { headerThreadId: v.threadId }),
        ...(v.postedAt !== undefined && { headerPostedAt: v.postedAt }),
      }),
    } as const;
  }
  return {
    table: digestItems,
    where: and(eq(digestItems.digestId, digestId), eq(digestItems.position, slot))!,
    state: digestItems.state,
    claimedAt: digestItems.claimedAt,
    attempts: digestItems.attempts,
    set: (v: { state?: string; claimedAt?: SQL | null; attempts?: SQL; error?: string | null; messageId?: string; threadId?: string | null; postedAt?: SQL }) => ({
      ...(v.state !== undefined && { state: v.state }),
      ...(v.claimedAt !== undefined && { claimedAt: v.claimedAt }),
      ...(v.attempts !== undefined && { attempts: v.attempts }),
      ...(v.error !== undefined && { error: v.error }),
      ...(v.messageId !== undefined && { messageId: v.messageId }),
      ...(v.postedAt !== undefined && { postedAt: v.postedAt }),
    }),
  } as const;
}

type SlotSet = Parameters<ReturnType<typeof slotColumns>['set']>[0];

async function updateSlot(db: Db, digestId: number, slot: DigestSlot, values: SlotSet, condition: (c: ReturnType<typeof slotColumns>) => SQL | undefined): Promise<number> {
  const c = slotColumns(digestId, slot);
  // The two tables share the column shapes used here; drizzle's types cannot see that through the union.
  const table = c.table as typeof digestItems;
  const rows = await db
    .update(table)
    .set(c.set(values) as Partial<typeof digestItems.$inferInsert>)
    .where(and(c.where, condition(c)))
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

const olderThan = (col: SQL | typeof digestItems.claimedAt | typeof digests.headerClaimedAt, ms: number) =>
  sql`${col} < now() - (${Math.max(0, Math.round(ms))} * interval '1 millisecond')`;

/**
 * Take a message for posting: pending -> posting, or a stale posting (its claimant died, or hung
 * longer than `leaseMs`) -> posting again, flagged `recovering`. The clock is the database's, so
 * workers with skewed clocks agree.
 */
export async function claimSlot(db: Db, digestId: number, slot: DigestSlot, leaseMs: number): Promise<Claim> {
  const claim: SlotSet = { state: 'posting', claimedAt: sql`now()`, attempts: sql`${slotColumns(digestId, slot).attempts} + 1`, error: null };
  if (await updateSlot(db, digestId, slot, claim, (c) => eq(c.state, 'pending'))) return { kind: 'claimed', recovering: false };
  if (await updateSlot(db, digestId, slot, claim, (c) => and(eq(c.state, 'posting'), olderThan(c.claimedAt, leaseMs)))) {
    return { kind: 'claimed', recovering: true };
  }
  const c = slotColumns(digestId, slot);
  const table = c.table as typeof digestItems;
  const [row] = await db
    .select({
      state: sql<string>`${c.state}`,
      ageMs: sql<number | null>`(extract(epoch from (now() - ${c.claimedAt})) * 1000)::float8`,
    })
    .from(table)
    .where(c.where)
    .limit(1);
  if (!row) return { kind: 'missing' };
  if (row.state === 'posted') return { kind: 'posted' };
  if (row.state === 'posting') return { kind: 'busy', waitMs: Math.max(250, leaseMs - Number(row.ageMs ?? 0) + 50) };
  if (row.state === 'pending') return { kind: 'busy', waitMs: 250 }; // released between our two updates: look again soon
  return { kind: 'settled', state: row.state as DeliveryState };
}

/** posting -> posted, with the platform's message id (and, for the header, the thread items go under). */
export async function markSlotPosted(db: Db, digestId: number, slot: DigestSlot, ref: PostedMessageRef): Promise<void> {
  await updateSlot(
    db,
    digestId,
    slot,
    { state: 'posted', messageId: ref.messageId, threadId: slot === 'header' ? (ref.threadId ?? ref.messageId) : undefined, postedAt: sql`now()`, error: null },
    // The platform has the message: that is the truth, whatever an earlier attempt concluded.
    (c) => inArray(c.state, ['posting', 'pending', 'failed']),
  );
}

/** posting -> pending: the platform said no (429, 5xx), so nothing was posted; a retry may post it. */
export async function releaseSlot(db: Db, digestId: number, slot: DigestSlot, error: string): Promise<void> {
  await updateSlot(db, digestId, slot, { state: 'pending', claimedAt: null, error: error.slice(0, 500) }, (c) => eq(c.state, 'posting'));
}

/** -> failed, with the reason; never overrides a message that did get posted. */
export async function failSlot(db: Db, digestId: number, slot: DigestSlot, error: string): Promise<void> {
  await updateSlot(db, digestId, slot, { state: 'failed', error: error.slice(0, 500) }, (c) => inArray(c.state, ['pending', 'posting']));
}

/**
 * When every message is posted or failed: the digest becomes delivered (or partial) and the
 * channel's last digest time moves. Returns the new status, or null when messages are still open.
 */
export async function settleDigest(db: Db, digestId: number): Promise<DigestStatus | null> {
  const open = sql`exists (select 1 from ${digestItems} where ${digestItems.digestId} = ${digestId} and ${digestItems.state} not in ('posted', 'failed'))`;
  const anyFailed = sql`exists (select 1 from ${digestItems} where ${digestItems.digestId} = ${digestId} and ${digestItems.state} = 'failed')`;
  const [row] = await db
    .update(digests)
    .set({
      status: sql`case when ${digests.headerState} = 'failed' or ${anyFailed} then 'partial' else 'delivered' end`,
      deliveredAt: sql`now()`,
    })
    .where(and(eq(digests.id, digestId), eq(digests.status, 'composed'), inArray(digests.headerState, ['posted', 'failed', 'skipped']), sql`not ${open}`))
    .returning({ status: digests.status, channelId: digests.channelId });
  if (!row) return null;
  await db.update(channels).set({ lastDigestAt: sql`now()` }).where(eq(channels.id, row.channelId));
  return row.status as DigestStatus;
}

/** Digests created since `since` whose delivery has not finished (to re-enqueue after a restart). */
export async function unfinishedDigests(db: Db, since: Date): Promise<Digest[]> {
  return (await unfinishedDeliveries(db, since)).map((u) => u.digest);
}

/**
 * Unfinished digests with where they go, in two queries whatever their number: the periodic
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
  const byDigest = new Map<number, ItemRow[]>();
  for (const it of items) byDigest.set(it.digestId, [...(byDigest.get(it.digestId) ?? []), it]);
  return rows.map((r) => ({
    digest: toDigest(r.digest, byDigest.get(r.digest.id) ?? []),
    to: { platform: r.platform, workspaceId: r.workspaceId, channelId: r.channelId },
  }));
}

/** Messages given up on, newest first, with why. */
export async function failedDigestMessages(db: Db, limit = 10): Promise<Array<{ digestId: number; slot: DigestSlot; error: string | null; attempts: number; at: Date | null }>> {
  const items = await db
    .select({ digestId: digestItems.digestId, position: digestItems.position, error: digestItems.error, attempts: digestItems.attempts, at: digestItems.claimedAt })
    .from(digestItems)
    .where(eq(digestItems.state, 'failed'))
    .orderBy(sql`${digestItems.claimedAt} desc nulls last`)
    .limit(limit);
  const headers = await db
    .select({ digestId: digests.id, error: digests.headerError, attempts: digests.headerAttempts, at: digests.headerClaimedAt })
    .from(digests)
    .where(eq(digests.headerState, 'failed'))
    .orderBy(sql`${digests.headerClaimedAt} desc nulls last`)
    .limit(limit);
  return [...headers.map((h) => ({ ...h, slot: 'header' as const })), ...items.map((i) => ({ ...i, slot: i.position }))]
    .sort((a, b) => (b.at?.getTime() ?? 0) - (a.at?.getTime() ?? 0))
    .slice(0, limit);
}
