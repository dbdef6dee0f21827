// The delivery state machine of one message (a digest's header or one of its papers), written
// once: the typed states and error kinds (the schema's enums, src/db/enums.ts), and which event
// may move a message from which state. digest-store.ts turns each transition into one conditional UPDATE.
import { DELIVERY_ERROR_KINDS, DELIVERY_STATES, DIGEST_STATUSES } from '../db/enums.js';

export { DELIVERY_ERROR_KINDS, DELIVERY_STATES, DIGEST_STATUSES };

/**
 * pending: not posted yet. posting: a worker claimed it and may have posted it (until `posted`
 * is recorded). posted: done, message id known. failed: given up, the error says why.
 * skipped: the header of a quiet empty digest (nothing to say).
 */
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Still to post (a claim may be under way). */
export const OPEN_STATES = ['pending', 'posting'] as const satisfies readonly DeliveryState[];
/** Nothing more will happen to it. */
export const SETTLED_STATES = ['posted', 'failed', 'skipped'] as const satisfies readonly DeliveryState[];

export const isSettled = (s: DeliveryState) => (SETTLED_STATES as readonly DeliveryState[]).includes(s);
export const isOpen = (s: DeliveryState) => (OPEN_STATES as readonly DeliveryState[]).includes(s);

/**
 *   pending --claim--> posting --posted--> posted
 *                         |--release---> pending   (the platform said no: nothing was posted)
 *                         |--fail------> failed
 *                         '--reclaim---> posting   (a stale claim, after its lease: possibly posted)
 * `posted` also lands from pending or failed: the platform has the message, whatever an earlier
 * attempt concluded.
 */
export const TRANSITIONS = {
  claim: { from: ['pending'], to: 'posting' },
  reclaim: { from: ['posting'], to: 'posting' },
  posted: { from: ['posting', 'pending', 'failed'], to: 'posted' },
  release: { from: ['posting'], to: 'pending' },
  fail: { from: ['pending', 'posting'], to: 'failed' },
} as const satisfies Record<string, { from: readonly DeliveryState[]; to: DeliveryState }>;

export type DeliveryEvent = keyof typeof TRANSITIONS;

/** The state after `event`, or null when the event cannot happen in `state`. */
export function transition(state: DeliveryState, event: DeliveryEvent): DeliveryState | null {
  const t = TRANSITIONS[event];
  return (t.from as readonly DeliveryState[]).includes(state) ? t.to : null;
}

/**
 * Why a message's last attempt did not post; its error text keeps the platform's words.
 * rate-limited (429) and transient (5xx, refused) were answered "no": nothing was posted.
 * possibly-posted: no answer, so the next attempt must ask the platform before posting again.
 * permanent: retrying cannot help. no-poster: this process cannot post to the platform.
 */
export type DeliveryErrorKind = (typeof DELIVERY_ERROR_KINDS)[number];

/** composed: rows written, delivery under way. delivered: every message posted. partial: some failed. empty: nothing to post. */
export type DigestStatus = (typeof DIGEST_STATUSES)[number];
