import { webApi } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { PermanentPostError, RateLimitedError, TransientPostError, type Poster } from '../../src/delivery/poster.js';
import { botTokenFor } from './installation-store.js';
import { boltLogger } from './logger.js';
import { PLATFORM, postReply } from './post.js';

/** Slack answers that retrying later may fix; every other platform error is permanent. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org', 'ratelimited']);

/** Connection errors raised before a request left this machine. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Slack did not answer: the post may or may not have happened. */
export class PostOutcomeUnknownError extends Error {
  override name = 'PostOutcomeUnknownError';
}

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
    slackApiUrl: options.slackApiUrl ?? core.config.SLACK_API_URL,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 15_000,
    logger,
  };
  const clients = new Map<string, webApi.WebClient>();
  const oauth = Boolean(core.config.SLACK_CLIENT_ID);

  async function clientFor(workspaceId: string): Promise<webApi.WebClient> {
    const token = oauth ? await botTokenFor(core.db, workspaceId) : (core.config.SLACK_BOT_TOKEN ?? null);
    if (!token) throw new PermanentPostError(`paperbot is not installed in Slack workspace ${workspaceId}`);
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, clientOptions);
      clients.set(token, client);
    }
    return client;
  }

  return {
    platform: PLATFORM,
    async post({ to, reply, threadId, idempotencyKey }) {
      const client = await clientFor(to.workspaceId).catch((err: unknown) => {
        if (err instanceof PermanentPostError) throw err;
        throw new TransientPostError(`slack: could not look up the installation (${err instanceof Error ? err.message : String(err)})`);
      });
      try {
        const r = await postReply(core, client, to, reply, threadId ?? null, idempotencyKey);
        return { messageId: r.ts, threadId: r.threadTs };
      } catch (err) {
        throw toPostError(err);
      }
    },
  };
}
