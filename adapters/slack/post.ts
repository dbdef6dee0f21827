import type { webApi } from '@slack/bolt';
import type { OutgoingMessage, PostedMessageRef, Poster } from '../../src/delivery/poster.js';
import { renderReply } from './blocks.js';

export const PLATFORM = 'slack';

/** The metadata event type a delivery's idempotency key rides in (findPosted matches it). */
export const METADATA_EVENT_TYPE = 'paperbot_post';

/**
 * chat.postMessage one Reply. Recording a paper message is publish's part (src/delivery/publish.ts);
 * Slack errors come out as the Web API throws them.
 */
export async function postReply(client: webApi.WebClient, { to, reply, threadId, idempotencyKey }: OutgoingMessage): Promise<PostedMessageRef> {
  const msg = renderReply(reply);
  const res = await client.chat.postMessage({
    channel: to.channelId,
    text: msg.text,
    ...(msg.blocks.length ? { blocks: msg.blocks } : {}),
    ...(threadId ? { thread_ts: threadId } : {}),
    // Cards already show title and link; an arXiv unfurl under each would triple the message.
    unfurl_links: false,
    unfurl_media: false,
    // Plain "@channel" in paper text stays text (Slack's default; said explicitly).
    link_names: false,
    // Slack has no idempotent post; the key rides along as message metadata (invisible, needs no
    // extra scope to send) so the Poster's findPosted can recognise the message later.
    ...(idempotencyKey ? { metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { key: idempotencyKey } } } : {}),
  });
  const ts = res.ts as string;
  // Follow-ups thread under the thread's root (a digest's header), where Slack shows the thread.
  return { messageId: ts, threadId: threadId ?? ts, channelId: res.channel ?? to.channelId };
}

/** A Poster on one workspace's client, for answers to a command or a button in the channel. */
export function clientPoster(client: webApi.WebClient): Poster {
  return { platform: PLATFORM, post: (message) => postReply(client, message) };
}
