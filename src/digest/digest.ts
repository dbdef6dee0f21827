/**
 * One digest per channel per date: a header message, then one message per paper threaded under it.
 * Each message moves pending -> posting -> posted (or failed); the states live in the database so
 * retries, crashes and racing workers never post a message twice (see docs/jobs.md).
 */

import type { DeliveryErrorKind, DeliveryState, DigestStatus } from '../delivery/states.js';

// The states live with the state machine (src/delivery/states.ts); digests name them often.
export type { DeliveryState, DigestStatus } from '../delivery/states.js';

/** The header, or the item at this 1-based position. */
export type DigestSlot = 'header' | number;

export interface DigestItem {
  digestId: number;
  /** 1-based; the order the papers are posted in. */
  position: number;
  paperId: string;
  score: number;
  /** Short reasons shown on the card: "matches lora". */
  reasons: string[];
  state: DeliveryState;
  messageId: string | null;
  attempts: number;
  errorKind: DeliveryErrorKind | null;
  error: string | null;
  postedAt: Date | null;
  claimedAt: Date | null;
}

export interface DigestHeader {
  text: string;
  state: DeliveryState;
  messageId: string | null;
  /** What items thread under. */
  threadId: string | null;
  attempts: number;
  errorKind: DeliveryErrorKind | null;
  error: string | null;
  postedAt: Date | null;
  claimedAt: Date | null;
}

export interface Digest {
  id: number;
  /** channels.id (our row id, not the platform's). */
  channelId: number;
  /** YYYY-MM-DD in the channel's time zone. */
  date: string;
  status: DigestStatus;
  header: DigestHeader;
  items: DigestItem[];
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A stable key per logical message, handed to the Poster so a repeat can be recognised. */
export function idempotencyKey(digestId: number, slot: DigestSlot): string {
  return `paperbot-digest-${digestId}-${slot === 'header' ? 'h' : slot}`;
}
