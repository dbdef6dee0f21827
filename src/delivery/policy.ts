// What to do after a post failed: the one delivery policy. Both job runtimes (BullMQ workers,
// the in-process runner) ask it, so attempts, backoff, 429 waits and what is final are decided
// here and nowhere else.
import { PermanentPostError, RateLimitedError, type RateLimitScope } from './poster.js';
import type { DeliveryErrorKind } from './states.js';

export interface RetryPolicy {
  /** Tries per message, the first one included. */
  attempts: number;
  /** Wait before the second try; doubled before each next one. */
  backoffMs: number;
}

/** 8 tries from 1 s doubling (about 2 min in all) ride out a platform's bad minutes without posting a digest hours late. */
export const DELIVERY_RETRY: RetryPolicy = { attempts: 8, backoffMs: 1_000 };

/** Why a message (digest message or follow-up) was not posted, as the policy reads it; each kind is a DeliveryErrorKind. */
export type DeliveryFailure =
  /** The platform said "not now" (429). */
  | { kind: 'rate-limited'; retryAfterMs: number; scope: RateLimitScope; message: string }
  /** 5xx, the request never left, no answer, or an error nobody classified (a bug, the database). */
  | { kind: 'transient'; message: string }
  /** Retrying cannot help (channel gone, bot removed, invalid payload). */
  | { kind: 'permanent'; message: string }
  /** This process has no Poster for the destination's platform: it is not configured here. */
  | { kind: 'no-poster'; platform: string; message: string };

export type DeliveryDecision =
  /** Hold off (this channel, or every post when global) for `waitMs`, then try again; no attempt is spent. */
  | { kind: 'rate-limit'; waitMs: number; scope: RateLimitScope }
  /** Spend an attempt: try again after `afterMs`. */
  | { kind: 'retry'; afterMs: number }
  /** Give up: record it as failed, of kind `cause`, with `reason`. */
  | { kind: 'final'; cause: DeliveryErrorKind; reason: string };

export type FinalDecision = Extract<DeliveryDecision, { kind: 'final' }>;

const text = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** The typed failure of whatever a post (or a delivery step around it) threw. */
export function classifyFailure(e: unknown): DeliveryFailure {
  if (e instanceof RateLimitedError) return { kind: 'rate-limited', retryAfterMs: e.retryAfterMs, scope: e.scope, message: text(e) };
  if (e instanceof PermanentPostError) return { kind: 'permanent', message: text(e) };
  if (e instanceof NoPosterError) return { kind: 'no-poster', platform: e.platform, message: e.message };
  // TransientPostError, PostOutcomeUnknownError (delivery resolves "possibly posted" before any
  // re-post) and anything unclassified: worth another attempt.
  return { kind: 'transient', message: text(e) };
}

/** This process cannot post to the destination's platform (no Poster configured for it). */
export class NoPosterError extends Error {
  override name = 'NoPosterError';
  constructor(public readonly platform: string) {
    super(`no Poster for platform "${platform}" in this process (is it configured?)`);
  }
}

/** Attempt n (1-based) is the last one: a failure now is final. */
export const isFinalAttempt = (attempt: number, policy: RetryPolicy = DELIVERY_RETRY) => attempt >= policy.attempts;

/** Backoff before the try after attempt n: backoffMs x 2^(n-1). */
export const backoffAfter = (attempt: number, policy: RetryPolicy = DELIVERY_RETRY) => Math.round(policy.backoffMs * 2 ** Math.max(0, attempt - 1));

/** After attempt `attempt` (1-based) failed with `failure`: wait, retry, or give up. */
export function decideAfterFailure(failure: DeliveryFailure, attempt: number, policy: RetryPolicy = DELIVERY_RETRY): DeliveryDecision {
  switch (failure.kind) {
    case 'rate-limited':
      // A 429 is the platform pacing us, not a failure: however many, the message still goes.
      return { kind: 'rate-limit', waitMs: Math.max(1, Math.round(failure.retryAfterMs)), scope: failure.scope };
    case 'permanent':
    case 'no-poster': // retrying in the same process finds the same configuration
      return { kind: 'final', cause: failure.kind, reason: failure.message };
    case 'transient':
      if (isFinalAttempt(attempt, policy)) return { kind: 'final', cause: 'transient', reason: `gave up after ${attempt} attempts: ${failure.message}` };
      return { kind: 'retry', afterMs: backoffAfter(attempt, policy) };
  }
}
