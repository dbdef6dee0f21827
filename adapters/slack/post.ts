import type { webApi } from '@slack/bolt';
import type { App } from '../../src/app.js';
import type { Reply } from '../../src/reply/reply.js';
import type { Destination } from '../../src/delivery/poster.js';
import { recordPostedMessage } from '../../src/messages/posted-messages.js';
import { renderReply } from './blocks.js';

export const PLATFORM = 'slack';

/** The metadata event type a delivery's idempotency key rides in (findPosted matches it). */
export const METADATA_EVENT_TYPE = 'paperbot_post';

/**
 * chat.postMessage one Reply. A message that shows exactly one paper is recorded, so a
 * :bookmark: reaction on it saves that paper; a message with several cards is not (a reaction
 * there would be ambiguous).
 */
export async function postReply(
  core: App,
  client: webApi.WebClient,
  to: Destination,
  reply: Reply,
  threadTs?: string | null,
  idempotencyKey?: string,
): Promise<{ ts: string; threadTs: string; channel: string }> {
  const msg = renderReply(reply);
  const res = await client.chat.postMessage({
    channel: to.channelId,
    text: msg.text,
    ...(msg.blocks.length ? { blocks: msg.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
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
  const channel = res.channel ?? to.channelId;
  if (reply.cards.length === 1) {
    try {
      await recordPostedMessage(core.db, {
        platform: PLATFORM,
        workspaceId: to.workspaceId,
        channelId: channel,
        messageId: ts,
        paperId: reply.cards[0].paperId,
        threadId: threadTs ?? null,
      });
    } catch (err) {
      // The message is out; failing now would make the caller post it twice. Only reactions on
      // this one message will not bookmark.
      core.log.warn({ err, channel, ts }, 'posted a paper but could not record the message');
    }
  }
  return { ts, threadTs: threadTs ?? ts, channel };
}

/**
 * A digest-shaped reply: a short header, then one message per paper threaded under it, so a
 * reaction on any of them names exactly one paper.
 */
export async function postThreaded(core: App, client: webApi.WebClient, to: Destination, reply: Reply): Promise<string[]> {
  const head = await postReply(core, client, to, { ...reply, cards: [], file: undefined });
  const ids = [head.ts];
  for (const card of reply.cards) {
    const r = await postReply(core, client, to, { text: '', cards: [card], actions: [], visibility: reply.visibility }, head.ts);
    ids.push(r.ts);
  }
  return ids;
}
