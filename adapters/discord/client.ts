import { Client, GatewayIntentBits, Partials, REST, type RateLimitData, type RESTOptions } from 'discord.js';
import type { DiscordEnv } from './platform.js';

/** Discord's own REST base; @discordjs/rest appends `/v10`. */
export const DISCORD_API_DEFAULT = 'https://discord.com/api';

/**
 * A message post that would wait longer than this for a rate limit fails fast with a RateLimitError
 * (the Poster turns it into RateLimitedError, so the job queue reschedules instead of a worker
 * sleeping). Shorter waits are honoured in place by @discordjs/rest's bucket queue.
 */
export const MAX_INLINE_RATE_LIMIT_WAIT_MS = 5_000;

export interface DiscordClientOptions {
  /** See MAX_INLINE_RATE_LIMIT_WAIT_MS. */
  maxInlineRateLimitWaitMs?: number;
}

/** `DISCORD_API_URL` as @discordjs/rest wants it: no trailing slash, no `/v10` (it adds the version). */
export function apiBase(config: DiscordEnv): string {
  return (config.DISCORD_API_URL ?? DISCORD_API_DEFAULT).replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

/** How long a rate-limited request would wait, from whichever of Discord's figures is largest. */
export function rateLimitWaitMs(data: Pick<RateLimitData, 'retryAfter' | 'timeToReset' | 'sublimitTimeout'>): number {
  return Math.max(0, data.retryAfter || 0, data.timeToReset || 0, data.sublimitTimeout || 0);
}

/** REST options shared by the gateway client, the Poster and command registration. */
export function restOptions(config: DiscordEnv, options: DiscordClientOptions = {}): Partial<RESTOptions> {
  const maxWait = options.maxInlineRateLimitWaitMs ?? MAX_INLINE_RATE_LIMIT_WAIT_MS;
  return {
    api: apiBase(config),
    // Only channel message posts (digests) are rejected; interaction answers must go out, so they wait.
    rejectOnRateLimit: (data) => data.method.toUpperCase() === 'POST' && data.route === '/channels/:id/messages' && rateLimitWaitMs(data) > maxWait,
  };
}

/** A bare REST client (no gateway), e.g. for a worker process that only posts digests. */
export function createDiscordRest(config: DiscordEnv, options: DiscordClientOptions = {}): REST {
  const rest = new REST(restOptions(config, options));
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  return rest;
}

/**
 * The gateway client. Intents: Guilds (GUILD_CREATE carries the channels that reaction events are
 * resolved against) and GuildMessageReactions (🔖 add/remove). GuildMessages is left out on purpose:
 * the bot never reads messages, and that intent would stream and cache every message in every channel.
 * Partials let a reaction on a message posted before this process started (not in the cache) still
 * arrive, with the ids we need. allowedMentions parses nothing, so no reply can ever ping anyone.
 */
export function createDiscordClient(config: DiscordEnv, options: DiscordClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    allowedMentions: { parse: [], repliedUser: false },
    rest: restOptions(config, options),
  });
}

/**
 * An error as it may be logged: Discord REST errors carry the request URL, and interaction and
 * webhook URLs contain a token, so only name, status, code and a token-scrubbed message go out.
 */
export function safeError(err: unknown): { name: string; message: string; status?: number; code?: number | string } {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err).slice(0, 200) };
  const e = err as Error & { status?: number; code?: number | string };
  const message = e.message
    .replace(/(\/(?:webhooks|interactions)\/\d+\/)[^/\s?]+/g, '$1[token]')
    .replace(/(Bot|Bearer)\s+[\w.-]{20,}/g, '$1 [token]')
    .slice(0, 500);
  return { name: e.name, message, ...(e.status !== undefined && { status: e.status }), ...(e.code !== undefined && { code: e.code }) };
}
