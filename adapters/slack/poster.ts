import { setTimeout as sleep } from 'node:timers/promises';
import { webApi } from '@slack/bolt';
import type { App } from '../../src/app.js';
import {
  PermanentPostError,
  PostOutcomeUnknownError,
  RateLimitedError,
  TransientPostError,
  type Destination,
  type FindPostedWhere,
  type Poster,
  type PostedMessageRef,
} from '../../src/delivery/poster.js';
import { botTokenFor } from './installation-store.js';
import { boltLogger } from './logger.js';
import { METADATA_EVENT_TYPE, PLATFORM, postReply } from './post.js';
import { slackConfig } from './platform.js';

/** Slack answers that retrying later may fix; every other platform error is permanent. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org', 'ratelimited']);

/** Connection errors raised before a request left this machine. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The bot scopes findPosted reads history with (public and private channels); BOT_SCOPES in app.ts includes them. */
export const FIND_POSTED_SCOPES = ['channels:history', 'groups:history'] as const;

/** How far back a look-up reads when delivery gives no bound (the worker re-enqueues two days of digests). */
const DEFAULT_LOOK_BACK_MS = 2 * 86_400_000;
/** Slack's clock and the database's may differ a little: read a bit further back than asked. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Why a look-up cannot be done, and what fixes it. */
const LOOKUP_HINTS: Record<string, string> = {
  missing_scope: 'the app lacks channels:history / groups:history; reinstall it from adapters/slack/manifest.yml',
  not_in_channel: 'the bot is not a member of the channel (it can post to public channels without joining, but not read them); invite it with /invite @paperbot',
  channel_not_found: 'the channel is gone or the bot cannot see it',
};

/** A Slack Web API failure as the delivery layer's error kinds. Messages never carry a token. */
export function toPostError(err: unknown, method = 'chat.postMessage'): Error {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; original?: Error };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new RateLimitedError(Math.max(1, e.retryAfter ?? 1) * 1000, `slack ${method}: rate limited; retry after ${e.retryAfter ?? 1} s`);
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      const msg = `slack ${method}: HTTP ${status}`;
      return status >= 500 || status === 408 ? new TransientPostError(msg) : new PermanentPostError(msg);
    }
    case webApi.ErrorCode.RequestError: {
      // Refused before anything was sent: safe to retry. No answer (time-out, reset): Slack may
      // have stored the message, so it is not a TransientPostError (delivery must not blindly repost).
      const cause = e.original as { code?: string; name?: string; cause?: { code?: string } } | undefined;
      const code = cause?.cause?.code ?? cause?.code ?? cause?.name ?? 'network error';
      if (NOT_SENT.has(code)) return new TransientPostError(`slack ${method}: request failed (${code})`);
      return new PostOutcomeUnknownError(`slack ${method}: no answer (${code}); the message may have been posted`);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return TRANSIENT.has(code) ? new TransientPostError(`slack ${method}: ${code}`) : new PermanentPostError(`slack ${method}: ${code}`);
    }
    default:
      if (err instanceof Error && err.name !== 'Error') return err;
      return new PostOutcomeUnknownError(`slack ${method}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export interface SlackPosterOptions {
  /** Web API base; default config SLACK_API_URL or Slack's. */
  slackApiUrl?: string;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** findPosted: messages a history page asks for (default 100; Slack caps it, at 15 for some apps). */
  lookupPageSize?: number;
  /** findPosted: pages read at most before giving up as "cannot tell" (default 10). */
  lookupMaxPages?: number;
  /**
   * findPosted: how long to wait out 429s on pages after the first (default 2 min). Slack allows
   * apps distributed outside the Marketplace one history call a minute; giving up on page 2 and
   * starting over later would never get past it. A 429 on the first page goes to the jobs layer.
   */
  lookupMaxWaitMs?: number;
}

/** A failed history read as the Poster's errors: a read is safe to repeat, so "no answer" is transient. */
function toLookupError(err: unknown, method: string): Error {
  const e = toPostError(err, method);
  if (e instanceof PostOutcomeUnknownError) return new TransientPostError(e.message);
  if (e instanceof PermanentPostError) {
    const code = (err as { data?: { error?: string } })?.data?.error ?? '';
    return new PermanentPostError(`${e.message}: cannot look up a possibly posted message${LOOKUP_HINTS[code] ? ` (${LOOKUP_HINTS[code]})` : ''}`);
  }
  return e;
}

/** Slack's `ts` form of a time: seconds with microseconds. */
const slackTs = (d: Date) => (d.getTime() / 1000).toFixed(6);

interface HistoryMessage {
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * The delivery layer's Poster for Slack. It never waits out a 429 itself: the jobs layer gets a
 * RateLimitedError with Slack's Retry-After and schedules the retry, so one busy workspace never
 * holds a worker. Single-workspace mode posts with SLACK_BOT_TOKEN; OAuth mode with the bot token
 * of the destination's workspace from the installation store.
 */
export function createSlackPoster(core: App, options: SlackPosterOptions = {}): Poster {
  const { logger } = boltLogger(core.log.child({ component: 'slack-poster' }));
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: options.slackApiUrl ?? slackConfig(core.config).SLACK_API_URL,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 15_000,
    logger,
  };
  const clients = new Map<string, webApi.WebClient>();
  const botIds = new Map<webApi.WebClient, Promise<string | null>>();
  const oauth = Boolean(slackConfig(core.config).SLACK_CLIENT_ID);
  const pageSize = options.lookupPageSize ?? 100;
  const maxPages = options.lookupMaxPages ?? 10;
  const maxWaitMs = options.lookupMaxWaitMs ?? 120_000;

  async function clientFor(workspaceId: string): Promise<webApi.WebClient> {
    const token = oauth ? await botTokenFor(core.db, workspaceId) : (slackConfig(core.config).SLACK_BOT_TOKEN ?? null);
    if (!token) throw new PermanentPostError(`paperbot is not installed in Slack workspace ${workspaceId}`);
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, clientOptions);
      clients.set(token, client);
    }
    return client;
  }

  const installedClient = (workspaceId: string) =>
    clientFor(workspaceId).catch((err: unknown) => {
      if (err instanceof PermanentPostError) throw err;
      throw new TransientPostError(`slack: could not look up the installation (${err instanceof Error ? err.message : String(err)})`);
    });

  /** Our bot's id (auth.test, once per token), so another app's message with the same key never counts. */
  function botIdOf(client: webApi.WebClient): Promise<string | null> {
    let id = botIds.get(client);
    if (!id) {
      id = client.auth.test().then((r) => r.bot_id ?? null);
      id.catch(() => botIds.delete(client));
      botIds.set(client, id);
    }
    return id.catch((err: unknown) => {
      throw toLookupError(err, 'auth.test');
    });
  }

  /**
   * The message posted with this key, found by its metadata: the header among the channel's
   * messages since `since` (conversations.history), an item among its thread's replies
   * (conversations.replies). Needs channels:history / groups:history and channel membership.
   */
  async function findPosted(to: Destination, key: string, where: FindPostedWhere = {}): Promise<PostedMessageRef | null> {
    const client = await installedClient(to.workspaceId);
    const botId = await botIdOf(client);
    const since = where.since ?? new Date(Date.now() - DEFAULT_LOOK_BACK_MS);
    const oldest = slackTs(new Date(since.getTime() - CLOCK_SKEW_MS));
    const thread = where.threadId ?? null;
    const method = thread ? 'conversations.replies' : 'conversations.history';
    let cursor: string | undefined;
    let waitedMs = 0;
    for (let page = 0; page < maxPages; page++) {
      let res: { messages?: HistoryMessage[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };
      try {
        const common = { channel: to.channelId, oldest, include_all_metadata: true, limit: pageSize, ...(cursor ? { cursor } : {}) };
        res = thread ? await client.conversations.replies({ ...common, ts: thread }) : await client.conversations.history(common);
      } catch (err) {
        const e = toLookupError(err, method);
        if (e instanceof RateLimitedError && page > 0 && waitedMs + e.retryAfterMs <= maxWaitMs) {
          waitedMs += e.retryAfterMs;
          await sleep(e.retryAfterMs);
          page--; // the same page again
          continue;
        }
        // Starting over later would hit the same limit on the same page: say it cannot be told.
        if (e instanceof RateLimitedError && page > 0) throw new PermanentPostError(`slack ${method}: rate limited on page ${page + 1} after waiting ${waitedMs / 1000} s; cannot tell whether ${key} was posted`);
        throw e;
      }
      const mine = res.messages?.find(
        (m) => m.ts && m.metadata?.event_type === METADATA_EVENT_TYPE && m.metadata.event_payload?.key === key && (!botId || m.bot_id === botId),
      );
      if (mine) return { messageId: mine.ts!, threadId: mine.thread_ts ?? mine.ts! };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) return null;
    }
    throw new PermanentPostError(
      `slack ${method}: more than ${maxPages} pages of messages since ${since.toISOString()}; cannot tell whether ${key} was posted`,
    );
  }

  return {
    platform: PLATFORM,
    findPosted,
    async post(message) {
      const client = await installedClient(message.to.workspaceId);
      try {
        return await postReply(client, message);
      } catch (err) {
        throw toPostError(err);
      }
    },
  };
}
