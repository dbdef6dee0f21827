// Posting one message of a digest, exactly once as the channel sees it.
//
//   pending --claim--> posting --post ok--> posted          (message id recorded)
//                         |--429 / 5xx---> pending          (the platform said no: nothing was posted)
//                         |--4xx---------> failed           (retrying cannot help)
//                         '--no answer / crash / hang--> posting, stale after the lease
//                                                          (outcome unknown: "possibly posted")
//
// A possibly posted message is resolved by asking the platform (Poster.findPosted with the
// message's idempotency key) before any re-post: found -> posted, not found -> post. A Poster
// that cannot look gives the message up as failed rather than risk a duplicate; one that cannot
// be asked right now (429, 5xx) is asked again on the next attempt. The argument is in docs/jobs.md.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/database.js';
import {
  PermanentPostError,
  PostOutcomeUnknownError,
  RateLimitedError,
  TransientPostError,
  type Destination,
  type FindPostedWhere,
  type Poster,
  type PostedMessageRef,
} from '../delivery/poster.js';
import { publish, recordPublished } from '../delivery/publish.js';
import type { Logger } from '../log.js';
import type { Reply } from '../reply/reply.js';
import { isSettled, type DeliveryErrorKind, type DeliveryState } from '../delivery/states.js';
import { idempotencyKey, type DigestSlot } from './digest.js';
import { claimSlot, failSlot, loadSlot, markSlotPosted, releaseSlot, settleDigest, type SlotView } from './digest-store.js';
import { digestHeaderReply, digestItemReply } from './replies.js';

export interface DeliverDeps {
  db: Db;
  poster: Poster;
  log: Logger;
  /** How long a claim is trusted before it counts as abandoned. Must exceed postTimeoutMs. Default 60 s. */
  leaseMs?: number;
  /** A post that has not answered by then is treated as "outcome unknown". Default 20 s. */
  postTimeoutMs?: number;
  /** Per-destination pacing (platform limits): 0 = post now, n = ask again in n ms. Called right before claiming. */
  pace?: (to: Destination) => Promise<number>;
  /** Messages not posted this long after the digest was composed are given up. Default 24 h. */
  giveUpAfterMs?: number;
  /** How soon to look again when the message before is still open. Default 1 s. */
  previousPollMs?: number;
}

export interface DeliverOptions {
  /** The job layer's last try: a failure now is recorded as failed instead of released for a retry. */
  finalAttempt?: boolean;
}

export type DeliverOutcome =
  | { kind: 'posted'; messageId: string }
  /** A stale claim turned out to be on the platform already: recorded, not re-posted. */
  | { kind: 'recovered'; messageId: string }
  /** Nothing to do: already posted, failed or skipped. */
  | { kind: 'done'; state: DeliveryState }
  /** Not yet: the header or the previous message is still open, another worker holds it, or pacing. */
  | { kind: 'wait'; ms: number; reason: string }
  | { kind: 'failed'; reason: string }
  /** The digest (or its channel) was deleted. */
  | { kind: 'gone' };

/** The platform did not answer within postTimeoutMs: an outcome unknown like any other. */
export class PostTimeout extends PostOutcomeUnknownError {
  override name = 'PostTimeout';
}

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_POST_TIMEOUT_MS = 20_000;
const PREVIOUS_POLL_MS = 1_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PostTimeout(`no answer from the platform within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Record a message as failed for good (a no-op when it is posted or failed already). The job
 * runtimes call it too, when the delivery policy says a failure outside this module is final.
 */
export async function failDigestMessage(deps: Pick<DeliverDeps, 'db' | 'log'>, digestId: number, slot: DigestSlot, kind: DeliveryErrorKind, reason: string): Promise<DeliverOutcome> {
  await failSlot(deps.db, digestId, slot, kind, reason);
  // Failures need not come in order (after a failed header every item fails at once), so any
  // of them may be the one that closes the digest.
  await settleDigest(deps.db, digestId);
  deps.log.warn({ digestId, slot, kind, reason }, 'digest message failed');
  return { kind: 'failed', reason };
}

const fail = (deps: DeliverDeps, view: SlotView, slot: DigestSlot, kind: DeliveryErrorKind, reason: string) => failDigestMessage(deps, view.digestId, slot, kind, reason);

// Posted items wait for the one before them, so the last one posted means every message is settled.
async function settleIfLast(deps: DeliverDeps, view: SlotView, slot: DigestSlot): Promise<void> {
  if (slot === view.itemCount || (slot === 'header' && view.itemCount === 0)) await settleDigest(deps.db, view.digestId);
}

async function markPosted(deps: DeliverDeps, view: SlotView, slot: DigestSlot, ref: PostedMessageRef): Promise<void> {
  // The paper message is recorded first (publish, or recordPublished on recovery): a crash
  // between the two writes leaves the slot 'posting', which the recovery path resolves; the other
  // order could leave a posted paper that reactions cannot find.
  await markSlotPosted(deps.db, view.digestId, slot, ref);
  await settleIfLast(deps, view, slot);
}

const lookIn = (view: SlotView, slot: DigestSlot): FindPostedWhere => ({ threadId: slot === 'header' ? null : view.headerThreadId, since: view.createdAt });

async function recovered(deps: DeliverDeps, view: SlotView, slot: DigestSlot, reply: Reply, found: PostedMessageRef): Promise<DeliverOutcome> {
  await recordPublished(deps.db, { to: view.to, reply }, found);
  await markPosted(deps, view, slot, found);
  deps.log.info({ digestId: view.digestId, slot, messageId: found.messageId }, 'recovered a message the platform already had');
  return { kind: 'recovered', messageId: found.messageId };
}

/**
 * Ask the platform before posting a message that may be there already. Returns the outcome when
 * that settles it (found: recorded; cannot be asked: failed), null when it is free to post, and
 * throws (after releasing the claim, still marked) when asking failed for now.
 */
async function askFirst(deps: DeliverDeps, view: SlotView, slot: DigestSlot, reply: Reply, key: string, possiblyPosted: boolean, options: DeliverOptions): Promise<DeliverOutcome | null> {
  let found: PostedMessageRef | null;
  try {
    found = await deps.poster.findPosted!(view.to, key, lookIn(view, slot));
  } catch (e) {
    if (e instanceof PermanentPostError) {
      if (possiblyPosted) return fail(deps, view, slot, 'possibly-posted', `possibly posted, and the platform cannot be asked (${message(e)}); not re-posted to avoid a duplicate`);
      // Only a 5xx to second-guess: take it at its word, as for a platform that cannot be asked.
      deps.log.warn({ digestId: view.digestId, slot, reason: message(e) }, 'could not ask the platform after a 5xx; posting again');
      return null;
    }
    // 429, 5xx, no answer: back to pending, marked, so the next attempt asks again before posting.
    const kind = possiblyPosted ? 'possibly-posted' : 'transient';
    const reason = `${possiblyPosted ? 'possibly posted' : 'after a 5xx'}; could not ask the platform: ${message(e)}`;
    if (options.finalAttempt && !(e instanceof RateLimitedError)) await fail(deps, view, slot, kind, `gave up after ${view.slot.attempts + 1} attempts: ${reason}`);
    else await releaseSlot(deps.db, view.digestId, slot, kind, reason);
    throw e;
  }
  return found ? recovered(deps, view, slot, reply, found) : null;
}

/**
 * The last attempt got no answer, so no later attempt will resolve its claim: wait out the lease
 * (the time a late write is given to land, as for any stale claim), then ask the platform.
 */
async function settleUnanswered(deps: DeliverDeps, view: SlotView, slot: DigestSlot, reply: Reply, key: string, err: unknown, claimedAt: number): Promise<DeliverOutcome> {
  await sleep(Math.max(0, claimedAt + (deps.leaseMs ?? DEFAULT_LEASE_MS) - Date.now()));
  const gaveUp = `gave up after ${view.slot.attempts + 1} attempts: no answer (${message(err)})`;
  let found: PostedMessageRef | null;
  try {
    found = await deps.poster.findPosted!(view.to, key, lookIn(view, slot));
  } catch (e) {
    return fail(deps, view, slot, 'possibly-posted', `${gaveUp}, and the platform could not be asked (${message(e)}); not re-posted to avoid a duplicate`);
  }
  return found ? recovered(deps, view, slot, reply, found) : fail(deps, view, slot, 'possibly-posted', `${gaveUp}; the platform does not have it`);
}

/**
 * Deliver one message of a digest: the header, or the item at a 1-based position (threaded under
 * the header, after the item before it). Safe to call any number of times, from any number of
 * workers: at most one of them posts. Throws RateLimitedError / TransientPostError after putting
 * the message back to pending, and PostOutcomeUnknownError keeping the claim until its lease
 * lapses, so the caller retries it later.
 */
export async function deliverDigestMessage(deps: DeliverDeps, digestId: number, slot: DigestSlot, options: DeliverOptions = {}): Promise<DeliverOutcome> {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const view = await loadSlot(deps.db, digestId, slot);
  if (!view) return { kind: 'gone' };
  if (isSettled(view.slot.state)) return { kind: 'done', state: view.slot.state };
  const key = idempotencyKey(digestId, slot);
  // Only a message nobody has claimed can be given up for age; a claimed one must be resolved first.
  const tooOld = view.slot.state === 'pending' && Date.now() - view.createdAt.getTime() > (deps.giveUpAfterMs ?? 86_400_000);
  if (tooOld) return fail(deps, view, slot, 'permanent', 'not posted within a day of composing; a stale digest is worse than none');

  let reply: Reply;
  if (slot === 'header') {
    reply = digestHeaderReply(view.headerText);
  } else {
    if (view.headerState === 'failed' || view.headerState === 'skipped') return fail(deps, view, slot, 'permanent', 'the digest header could not be posted, so there is no thread to post in');
    if (!view.previous || !isSettled(view.previous)) {
      // Being posted right now: look again in a moment. Still pending (queued, or backing off
      // after an error): look again later; the job layer may bring us forward when it settles.
      const ms = view.previous === 'posting' ? Math.min(500, deps.previousPollMs ?? PREVIOUS_POLL_MS) : (deps.previousPollMs ?? PREVIOUS_POLL_MS);
      return { kind: 'wait', ms, reason: slot === 1 ? 'header not posted yet' : `message ${slot - 1} not posted yet` };
    }
    if (!view.paper) return fail(deps, view, slot, 'permanent', `paper ${view.slot.paperId} is no longer in the library`);
    reply = digestItemReply(view.paper, view.slot.reasons);
  }
  if (deps.pace && view.slot.state === 'pending') {
    const ms = await deps.pace(view.to);
    if (ms > 0) return { kind: 'wait', ms, reason: 'pacing for the platform rate limit' };
  }

  const claimedAt = Date.now();
  const claim = await claimSlot(deps.db, digestId, slot, leaseMs);
  switch (claim.kind) {
    case 'missing':
      return { kind: 'gone' };
    case 'posted':
      return { kind: 'done', state: 'posted' };
    case 'settled':
      return { kind: 'done', state: claim.state };
    case 'busy':
      return { kind: 'wait', ms: claim.waitMs, reason: 'another worker is posting it' };
  }

  // Possibly posted: an earlier claim went stale (its worker died, hung, or got no answer), or an
  // earlier look-up could not finish. A 5xx can come after the platform stored the message too;
  // when the platform can be asked, ask before posting again. (Without findPosted a 5xx is taken
  // at its word: not posted.)
  const possiblyPosted = claim.recovering || view.slot.errorKind === 'possibly-posted';
  const afterTransient = view.slot.errorKind === 'transient';
  if (possiblyPosted || (afterTransient && deps.poster.findPosted)) {
    if (!deps.poster.findPosted) {
      return fail(deps, view, slot, 'possibly-posted', 'possibly posted before a crash and this platform cannot be asked; not re-posted to avoid a duplicate');
    }
    const asked = await askFirst(deps, view, slot, reply, key, possiblyPosted, options);
    if (asked) return asked;
  }

  let ref: PostedMessageRef;
  try {
    ref = await withTimeout(
      publish(deps, deps.poster, { to: view.to, reply, threadId: slot === 'header' ? null : view.headerThreadId, idempotencyKey: key }),
      deps.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS,
    );
  } catch (e) {
    if (e instanceof PermanentPostError) return fail(deps, view, slot, 'permanent', message(e));
    if (e instanceof RateLimitedError || e instanceof TransientPostError) {
      // The platform answered "no": nothing was posted, so the message is free to post again.
      const kind = e instanceof RateLimitedError ? 'rate-limited' : 'transient';
      if (options.finalAttempt && kind === 'transient') await fail(deps, view, slot, kind, `gave up after ${view.slot.attempts + 1} attempts: ${message(e)}`);
      else await releaseSlot(deps.db, digestId, slot, kind, message(e));
      throw e;
    }
    // No answer (PostOutcomeUnknownError, PostTimeout) or an error we cannot read: it may be on
    // the platform. The claim stays; once it is stale (the lease gives a late write time to land)
    // the next attempt asks the platform before posting again. The last attempt has no next one,
    // so it waits out the lease and asks itself.
    if (options.finalAttempt) {
      if (deps.poster.findPosted) return settleUnanswered(deps, view, slot, reply, key, e, claimedAt);
      await fail(deps, view, slot, 'possibly-posted', `outcome unknown, not retried to avoid a duplicate: ${message(e)}`);
    }
    throw e;
  }
  await markPosted(deps, view, slot, ref);
  return { kind: 'posted', messageId: ref.messageId };
}
