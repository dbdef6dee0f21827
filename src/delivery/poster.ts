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
}

/** The platform said "slow down": retry after this long. */
export class RateLimitedError extends Error {
  constructor(public readonly retryAfterMs: number, message = `rate limited; retry after ${retryAfterMs} ms`) {
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
