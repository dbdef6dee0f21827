import type { Reply } from '../commands/reply.js';

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
   * Stable per logical message (`digest-12-3`): a poster that can should attach it (Slack message
   * metadata, Discord `nonce` + `enforce_nonce`) so `findPosted` or the platform can dedupe.
   */
  idempotencyKey?: string;
}

export interface PostedMessageRef {
  messageId: string;
  /** The id follow-ups should thread under (Slack: ts of the thread root). */
  threadId?: string | null;
}

/** Each platform adapter implements this; jobs call it to deliver digests and follow-ups. */
export interface Poster {
  platform: string;
  post(message: OutgoingMessage): Promise<PostedMessageRef>;
  /**
   * Optional: the message posted earlier with this idempotency key, or null when there is none.
   * Delivery asks this after a crash left a message "possibly posted"; without it, such a
   * message is given up rather than risk a duplicate (see docs/jobs.md).
   */
  findPosted?(to: Destination, idempotencyKey: string): Promise<PostedMessageRef | null>;
}

/** The platform said "slow down": retry after this long. */
export class RateLimitedError extends Error {
  constructor(
    public readonly retryAfterMs: number,
    message = `rate limited; retry after ${retryAfterMs} ms`,
    /** 'channel': only this destination must wait (Slack chat.postMessage); 'global': every post (Discord global limit). */
    public readonly scope: 'channel' | 'global' = 'channel',
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** Worth retrying with backoff (5xx, time-out, connection reset). */
export class TransientPostError extends Error {
  override name = 'TransientPostError';
}

/** Retrying will not help (channel gone, bot removed, invalid payload). */
export class PermanentPostError extends Error {
  override name = 'PermanentPostError';
}
