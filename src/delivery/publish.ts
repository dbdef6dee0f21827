// Every message the bot posts goes out through publish, on every platform and from every path
// (digests, follow-ups, a command answered in the channel): a channel message showing exactly one
// paper is recorded, so a reaction on it saves that paper and a follow-up threads under it. A
// message with several cards is not (a reaction there would be ambiguous), nor a private one (no
// one else sees it: nothing to react to, nothing to follow up in the channel).
import type { Db } from '../db/database.js';
import { recordPostedMessage } from '../messages/posted-messages.js';
import type { Reply } from '../reply/reply.js';
import { PostOutcomeUnknownError, type Destination, type OutgoingMessage, type PostedMessageRef, type Poster } from './poster.js';

/**
 * Posted, but the record failed: the message is out, and nothing would find it. An outcome
 * unknown for delivery (the claim stays, and its recovery asks the platform and records it).
 */
export class UnrecordedPostError extends PostOutcomeUnknownError {
  override name = 'UnrecordedPostError';
  constructor(
    public readonly ref: PostedMessageRef,
    cause: unknown,
  ) {
    super(`posted message ${ref.messageId} but could not record it: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Remember a posted paper message (a no-op for any other). Also for a message found again after a lost answer. */
export async function recordPublished(db: Db, message: { to: Destination; reply: Reply }, ref: PostedMessageRef): Promise<void> {
  if (message.reply.cards.length !== 1 || message.reply.visibility !== 'channel') return;
  await recordPostedMessage(db, {
    platform: message.to.platform,
    workspaceId: message.to.workspaceId,
    channelId: ref.channelId ?? message.to.channelId,
    messageId: ref.messageId,
    paperId: message.reply.cards[0].paperId,
    threadId: ref.threadId ?? null,
  });
}

/** Post one message through the platform's Poster and record it (see above). */
export async function publish(deps: { db: Db }, poster: Poster, message: OutgoingMessage): Promise<PostedMessageRef> {
  const ref = await poster.post(message);
  try {
    await recordPublished(deps.db, message, ref);
  } catch (err) {
    throw new UnrecordedPostError(ref, err);
  }
  return ref;
}

/**
 * A reply as the channel sees it: one message, or for a digest-shaped reply (`layout: 'thread'`
 * with several cards) a header and one paper a message in its thread, so a reaction is never
 * ambiguous. Returns the message ids, header first.
 */
export async function publishReply(deps: { db: Db }, poster: Poster, to: Destination, reply: Reply): Promise<string[]> {
  if (reply.layout !== 'thread' || reply.cards.length <= 1) return [(await publish(deps, poster, { to, reply })).messageId];
  const head = await publish(deps, poster, { to, reply: { ...reply, cards: [], file: undefined } });
  const ids = [head.messageId];
  for (const card of reply.cards) {
    const item: Reply = { text: '', cards: [card], actions: [], visibility: reply.visibility };
    ids.push((await publish(deps, poster, { to, reply: item, threadId: head.threadId ?? head.messageId })).messageId);
  }
  return ids;
}
