import { createHash } from 'node:crypto';
import {
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  Routes,
  SnowflakeUtil,
  type APIEmbed,
  type APIMessage,
  type APIUser,
  type REST,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { App } from '../../src/app.js';
import {
  PermanentPostError,
  PostOutcomeUnknownError,
  RateLimitedError,
  TransientPostError,
  type Destination,
  type FindPostedWhere,
  type OutgoingMessage,
  type PostedMessageRef,
  type Poster,
} from '../../src/delivery/poster.js';
import { createDiscordRest, rateLimitWaitMs, safeError } from './client.js';
import { LIMITS, renderReply } from './embeds.js';
import { PLATFORM } from './interactions.js';
import { BOOKMARK_EMOJI } from './reactions.js';
import { discordConfig } from './platform.js';

export interface DiscordPosterOptions {
  /** REST client to share (the gateway client's `client.rest`); default: a new one from app.config. */
  rest?: REST;
  /** React 🔖 on each one-paper post so people see how to save it (default true). */
  seedBookmarkReaction?: boolean;
  /** findPosted: messages a page asks for (default and Discord's maximum: 100). */
  lookupPageSize?: number;
  /** findPosted: pages read at most before giving up as "cannot tell" (default 10). */
  lookupMaxPages?: number;
}

/** Connection errors raised before a request left this machine: nothing can have been posted. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** How far back a look-up reads when delivery gives no bound (the worker re-enqueues two days of digests). */
const DEFAULT_LOOK_BACK_MS = 2 * 86_400_000;
/** Discord's clock and the database's may differ a little: read a bit further back than asked. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Discord's answer as one of the Poster's three errors.
 * - 429: @discordjs/rest already waits out short limits and retries; a post that would wait longer
 *   than MAX_INLINE_RATE_LIMIT_WAIT_MS is rejected by our rejectOnRateLimit and becomes RateLimitedError.
 * - 5xx: @discordjs/rest retries 3 times first; then TransientPostError.
 * - 401/403/404 (bad token, Missing Access/Permissions, Unknown Channel) and 400 (payload): PermanentPostError.
 * - refused before sending (connection refused, DNS): TransientPostError.
 * - no answer (time-out after @discordjs/rest's retries, connection reset or closed after
 *   sending): PostOutcomeUnknownError, since Discord may have stored the message.
 */
export function toPostError(err: unknown): Error {
  if (err instanceof RateLimitError) return new RateLimitedError(Math.ceil(rateLimitWaitMs(err)), undefined, err.global ? 'global' : 'channel');
  if (err instanceof DiscordAPIError) {
    if (err.status === 429) return new RateLimitedError(1_000);
    if (err.status >= 500) return new TransientPostError(`Discord ${err.status}: ${err.message}`);
    return new PermanentPostError(`Discord ${err.status} (code ${err.code}): ${err.message}`);
  }
  if (err instanceof HTTPError) return err.status >= 500 || err.status === 408 ? new TransientPostError(`Discord ${err.status}`) : new PermanentPostError(`Discord ${err.status}`);
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | null;
  const code = String(e?.cause?.code ?? e?.code ?? e?.name ?? 'network error');
  if (NOT_SENT.has(code)) return new TransientPostError(`Discord: request failed (${code}): ${safeError(err).message}`);
  return new PostOutcomeUnknownError(`Discord: no answer (${code}); the message may have been posted`);
}

/** A failed history read as the Poster's errors: a read is safe to repeat, so "no answer" is transient. */
function toLookupError(err: unknown): Error {
  const e = toPostError(err);
  if (e instanceof PostOutcomeUnknownError) return new TransientPostError(e.message);
  if (e instanceof PermanentPostError) {
    return new PermanentPostError(`${e.message}: cannot look up a possibly posted message (the bot needs View Channel and Read Message History there)`);
  }
  return e;
}

/**
 * The key as a digest message shows it. Discord does not return a message's nonce from GET, so the
 * key also rides in the message itself, where GET returns it: the last embed's footer
 * (`arXiv:2106.09685 · 2021-06-17 · paperbot-digest-12-3`), or for a message without embeds (the
 * header) a subtext line (`-# paperbot-digest-12-h`): small grey text, no link, no ping. The key
 * as is (readable for an admin), hashed like the nonce only when long.
 */
export const keyRef = (key: string) => (key.length <= 64 ? key : nonceFor(key));

const embedChars = (embeds: APIEmbed[]) =>
  embeds.reduce(
    (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((f, x) => f + x.name.length + x.value.length, 0),
    0,
  );

/** Put the key's line in the body (see keyRef), within Discord's limits; false when nothing had room. */
function carryKey(body: RESTPostAPIChannelMessageJSONBody, ref: string): boolean {
  const embeds = body.embeds ?? [];
  const last = embeds.at(-1);
  if (last) {
    const text = last.footer?.text ? `${last.footer.text} · ${ref}` : ref;
    if (text.length <= LIMITS.footer && embedChars(embeds) - (last.footer?.text.length ?? 0) + text.length <= LIMITS.embedTotal) {
      body.embeds = [...embeds.slice(0, -1), { ...last, footer: { ...last.footer, text } }];
      return true;
    }
  }
  const content = body.content ? `${body.content}\n-# ${ref}` : `-# ${ref}`;
  if (content.length > LIMITS.content) return false;
  body.content = content;
  return true;
}

/** Whether a message (as GET returns it) carries this key's line. */
function carriesKey(m: APIMessage, ref: string): boolean {
  if (m.content?.split('\n').at(-1) === `-# ${ref}`) return true;
  return (m.embeds ?? []).some((e) => e.footer?.text === ref || (e.footer?.text.endsWith(` · ${ref}`) ?? false));
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
 * job queue) with the message it already created instead of a duplicate. GET does not return the
 * nonce, so the key is also written into the message (keyRef), and `findPosted` lists the
 * channel's messages since the digest began and matches the bot's own message carrying it.
 *
 * Delivery posts through publish (src/delivery/publish.ts), which records each one-paper message
 * (workspaceId = guild id) so a 🔖 on it bookmarks and a follow-up replies to it.
 */
export function createDiscordPoster(app: App, options: DiscordPosterOptions = {}): Poster {
  let rest = options.rest;
  const seed = options.seedBookmarkReaction ?? true;
  const pageSize = Math.min(100, options.lookupPageSize ?? 100);
  const maxPages = options.lookupMaxPages ?? 10;
  let botId: Promise<string> | null = null;

  function checkDestination(to: Destination): void {
    if (to.platform !== PLATFORM) throw new PermanentPostError(`the Discord poster cannot post to ${to.platform}`);
    if (!/^\d{17,20}$/.test(to.channelId)) throw new PermanentPostError('a Discord channel id is a numeric snowflake');
  }

  /** The bot's own user id (GET /users/@me, once), so only its own messages can match. */
  function ownId(r: REST): Promise<string> {
    botId ??= (r.get(Routes.user()) as Promise<APIUser>).then((u) => u.id);
    botId.catch(() => (botId = null));
    return botId.catch((err: unknown) => {
      throw toLookupError(err);
    });
  }

  /**
   * The bot's message carrying this key, among the channel's messages since `since`:
   * GET /channels/{id}/messages?after=<snowflake of since>&limit=100, paging forward (each page is
   * the next `limit` messages after `after`, newest first) at most `maxPages` times.
   */
  async function findPosted(to: Destination, key: string, where: FindPostedWhere = {}): Promise<PostedMessageRef | null> {
    checkDestination(to);
    rest ??= createDiscordRest(discordConfig(app.config));
    const r = rest;
    const me = await ownId(r);
    const ref = keyRef(key);
    const since = where.since ?? new Date(Date.now() - DEFAULT_LOOK_BACK_MS);
    let after = SnowflakeUtil.generate({ timestamp: since.getTime() - CLOCK_SKEW_MS, increment: 0n, workerId: 0n, processId: 0n });
    for (let page = 0; page < maxPages; page++) {
      let batch: APIMessage[];
      try {
        batch = (await r.get(Routes.channelMessages(to.channelId), { query: new URLSearchParams({ after: String(after), limit: String(pageSize) }) })) as APIMessage[];
      } catch (err) {
        throw toLookupError(err);
      }
      const mine = batch.find((m) => m.author?.id === me && !m.webhook_id && carriesKey(m, ref));
      // A follow-up replies to the message itself (threadId), as post() says.
      if (mine) return { messageId: mine.id, threadId: mine.id };
      if (batch.length < pageSize) return null;
      for (const m of batch) if (BigInt(m.id) > after) after = BigInt(m.id);
    }
    throw new PermanentPostError(`Discord: more than ${maxPages * pageSize} messages since ${since.toISOString()}; cannot tell whether ${key} was posted`);
  }

  return {
    platform: PLATFORM,
    findPosted,
    async post({ to, reply, threadId, idempotencyKey }: OutgoingMessage): Promise<PostedMessageRef> {
      checkDestination(to);
      rest ??= createDiscordRest(discordConfig(app.config));
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
        // Without its line findPosted cannot find the message; every digest message has room.
        if (!carryKey(body, keyRef(idempotencyKey))) app.log.warn({ channelId: to.channelId }, 'no room for the idempotency key line; this message cannot be looked up');
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
      // On Discord a reply references one message: a follow-up on this one replies to it, not to its digest's header.
      return { messageId: posted.id, threadId: posted.id };
    },
  };
}
