import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { App } from '../../src/app.js';
import {
  PermanentPostError,
  RateLimitedError,
  TransientPostError,
  type OutgoingMessage,
  type PostedMessageRef,
  type Poster,
} from '../../src/delivery/poster.js';
import { createDiscordRest, rateLimitWaitMs, safeError } from './client.js';
import { renderReply } from './embeds.js';
import { PLATFORM } from './interactions.js';
import { BOOKMARK_EMOJI } from './reactions.js';

export interface DiscordPosterOptions {
  /** REST client to share (the gateway client's `client.rest`); default: a new one from app.config. */
  rest?: REST;
  /** React 🔖 on each one-paper post so people see how to save it (default true). */
  seedBookmarkReaction?: boolean;
}

/**
 * Discord's answer as one of the Poster's three errors.
 * - 429: @discordjs/rest already waits out short limits and retries; a post that would wait longer
 *   than MAX_INLINE_RATE_LIMIT_WAIT_MS is rejected by our rejectOnRateLimit and becomes RateLimitedError.
 * - 5xx: @discordjs/rest retries 3 times first; then TransientPostError.
 * - 401/403/404 (bad token, Missing Access/Permissions, Unknown Channel) and 400 (payload): PermanentPostError.
 * - network failures and time-outs: TransientPostError.
 */
export function toPostError(err: unknown): Error {
  if (err instanceof RateLimitError) return new RateLimitedError(Math.ceil(rateLimitWaitMs(err)), undefined, err.global ? 'global' : 'channel');
  if (err instanceof DiscordAPIError) {
    if (err.status === 429) return new RateLimitedError(1_000);
    if (err.status >= 500) return new TransientPostError(`Discord ${err.status}: ${err.message}`);
    return new PermanentPostError(`Discord ${err.status} (code ${err.code}): ${err.message}`);
  }
  if (err instanceof HTTPError) return err.status >= 500 || err.status === 408 ? new TransientPostError(`Discord ${err.status}`) : new PermanentPostError(`Discord ${err.status}`);
  return new TransientPostError(safeError(err).message);
}

/** Discord nonces are at most 25 characters: a longer idempotency key is hashed down. */
export function nonceFor(key: string): string {
  return key.length <= 25 ? key : createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

/**
 * Delivers digests: one message a post, through REST (POST /channels/{id}/messages), so a worker
 * process needs no gateway connection. A header goes first; each paper is its own message (a 🔖 on
 * it is unambiguous) sent as a reply to the header (message_reference = threadId), which keeps a
 * digest together without needing thread permissions.
 *
 * An idempotency key goes out as `nonce` with `enforce_nonce`: Discord then answers a repeat of the
 * same post within a few minutes (a retry after a 5xx or a time-out, by @discordjs/rest or by the
 * job queue) with the message it already created instead of a duplicate. `findPosted` is not
 * offered: Discord's REST cannot look a message up by nonce (GET does not return it).
 *
 * The caller (the jobs layer) records each one-paper message with recordPostedMessage(platform
 * 'discord', workspaceId = guild id, channelId, messageId, paperId) so reactions on it bookmark.
 */
export function createDiscordPoster(app: App, options: DiscordPosterOptions = {}): Poster {
  let rest = options.rest;
  const seed = options.seedBookmarkReaction ?? true;
  return {
    platform: PLATFORM,
    async post({ to, reply, threadId, idempotencyKey }: OutgoingMessage): Promise<PostedMessageRef> {
      if (to.platform !== PLATFORM) throw new PermanentPostError(`the Discord poster cannot post to ${to.platform}`);
      if (!/^\d{17,20}$/.test(to.channelId)) throw new PermanentPostError('a Discord channel id is a numeric snowflake');
      rest ??= createDiscordRest(app.config);
      const m = renderReply(reply);
      const body: RESTPostAPIChannelMessageJSONBody = {
        content: m.content || undefined,
        embeds: m.embeds,
        components: m.components,
        allowed_mentions: { parse: [], replied_user: false },
      };
      if (idempotencyKey) {
        body.nonce = nonceFor(idempotencyKey);
        body.enforce_nonce = true;
      }
      if (threadId) body.message_reference = { message_id: threadId, channel_id: to.channelId, fail_if_not_exists: false };
      if (m.files.length) body.attachments = m.files.map((f, id) => ({ id, filename: f.name, description: f.description }));
      let posted: { id: string };
      try {
        posted = (await rest.post(Routes.channelMessages(to.channelId), {
          body,
          files: m.files.map((f) => ({ name: f.name, data: f.data })),
        })) as { id: string };
      } catch (err) {
        throw toPostError(err);
      }
      if (seed && reply.cards.length === 1) {
        // Best effort: the message is out; failing now would make the job post it twice.
        await rest
          .put(Routes.channelMessageOwnReaction(to.channelId, posted.id, encodeURIComponent(BOOKMARK_EMOJI)))
          .catch((err) => app.log.warn({ err: safeError(err), channelId: to.channelId }, 'could not add the bookmark reaction'));
      }
      return { messageId: posted.id, threadId: threadId ?? posted.id };
    },
  };
}
