import type { Reply } from '../reply/reply.js';

/** Where a message goes. `channelId` is the platform's own id. */
export interface Destination {
  platform: string;
  workspaceId: string;
  channelId: string;
}

export interface OutgoingMessage {
  to: Destination;
  /** A header, or exactly one paper card (so a reaction on it is never ambiguous). */
  reply: Reply;
  /** Post in the thread of this message (Slack thread_ts; Discord: reply to this message). */
  threadId?: string | null;
  /**
   * Stable per logical message (`paperbot-digest-12-3`): a poster that can should attach it (Slack
   * message metadata; Discord `nonce` + `enforce_nonce` and a footer line) so `findPosted` or the
   * platform can dedupe.
   */
  idempotencyKey?: string;
}

export interface PostedMessageRef {
  messageId: string;
  /**
   * The id a follow-up on this message threads under, as the platform threads: Slack, the ts of
   * the thread root (a digest's header); Discord, the message itself (a reply references it).
   */
  threadId?: string | null;
  /** Where the platform put it, when that differs from the destination (Slack: a DM's channel). */
  channelId?: string;
}

/** Each platform adapter implements this; jobs call it to deliver digests and follow-ups. */
export interface Poster {
  platform: string;
  post(message: OutgoingMessage): Promise<PostedMessageRef>;
  /**
   * Optional: the message posted earlier with this idempotency key, or null when the platform was
   * searched and has none. Delivery asks this before posting a message that is "possibly posted"
   * (a crash, or PostOutcomeUnknownError); without it, such a message is given up rather than
   * risk a duplicate (see docs/jobs.md).
   *
   * Throws PermanentPostError when the platform cannot be asked (a missing scope or permission,
   * more history than the look-up may page through): delivery then records the message as failed
   * with that reason instead of guessing. RateLimitedError / TransientPostError when asking failed
   * for now: delivery asks again on the next attempt. Never PostOutcomeUnknownError (a read is
   * safe to repeat).
   */
  findPosted?(to: Destination, idempotencyKey: string, where?: FindPostedWhere): Promise<PostedMessageRef | null>;
}

/** Where to look, so a look-up reads as little history as it can. */
export interface FindPostedWhere {
  /** The message was posted in this thread (Slack thread_ts of the digest header). */
  threadId?: string | null;
  /** It cannot be older than this (the digest's creation). Default: a look-back of two days. */
  since?: Date;
}

/** 'channel': only this destination must wait (Slack chat.postMessage); 'global': every post (Discord global limit). */
export type RateLimitScope = 'channel' | 'global';

/** The platform said "slow down": retry after this long. */
export class RateLimitedError extends Error {
  constructor(
    public readonly retryAfterMs: number,
    message = `rate limited; retry after ${retryAfterMs} ms`,
    public readonly scope: RateLimitScope = 'channel',
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

// Which error a Poster throws says what delivery may assume about the platform:
//   RateLimitedError         the platform said "not now" (429): nothing was posted.
//   TransientPostError       the platform said "no" (5xx, or a platform error worth retrying), or
//                            the request never left (connection refused, DNS): nothing was
//                            posted, as far as we can tell; retried with backoff. (A 5xx can come
//                            after the write, so delivery asks findPosted first when it can.)
//   PostOutcomeUnknownError  no answer: time-out, connection reset or closed after the request
//                            was sent. The platform may have the message. Never re-posted blindly:
//                            resolved through findPosted, or given up without it.
//   PermanentPostError       retrying cannot help (channel gone, bot removed, invalid payload).

/** Worth retrying with backoff: the platform answered 5xx, or the request never left this machine. */
export class TransientPostError extends Error {
  override name = 'TransientPostError';
}

/** No answer (time-out, connection reset after sending): the message may or may not have been posted. */
export class PostOutcomeUnknownError extends Error {
  override name = 'PostOutcomeUnknownError';
}

/** Retrying will not help (channel gone, bot removed, invalid payload, the platform cannot be asked). */
export class PermanentPostError extends Error {
  override name = 'PermanentPostError';
}
