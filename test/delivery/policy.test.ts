// The delivery policy on its own: a pure function of the failure and the attempt number.
import { describe, expect, it } from 'vitest';
import { classifyFailure, decideAfterFailure, DELIVERY_RETRY, NoPosterError } from '../../src/delivery/policy.js';
import { PermanentPostError, PostOutcomeUnknownError, RateLimitedError, TransientPostError } from '../../src/delivery/poster.js';
import { JOB_OPTIONS } from '../../jobs/queues.js';

const decide = (e: unknown, attempt: number) => decideAfterFailure(classifyFailure(e), attempt, { attempts: 3, backoffMs: 100 });

describe('delivery policy', () => {
  it('backs a transient failure off exponentially and gives up on the last attempt, saying how many', () => {
    const e = new TransientPostError('platform 503');
    expect([1, 2].map((n) => decide(e, n))).toEqual([
      { kind: 'retry', afterMs: 100 },
      { kind: 'retry', afterMs: 200 },
    ]);
    expect(decide(e, 3)).toEqual({ kind: 'final', cause: 'transient', reason: 'gave up after 3 attempts: TransientPostError: platform 503' });
    // No answer and unclassified errors are worth another attempt too (delivery asks before re-posting).
    expect(decide(new PostOutcomeUnknownError('reset'), 1)).toEqual({ kind: 'retry', afterMs: 100 });
    expect(decide(new Error('connection terminated'), 2)).toEqual({ kind: 'retry', afterMs: 200 });
  });

  it('waits out a 429 whatever the attempt, keeping its scope', () => {
    expect(decide(new RateLimitedError(1_500), 3)).toEqual({ kind: 'rate-limit', waitMs: 1_500, scope: 'channel' });
    expect(decide(new RateLimitedError(2_000, undefined, 'global'), 99)).toEqual({ kind: 'rate-limit', waitMs: 2_000, scope: 'global' });
  });

  it('never retries a permanent refusal or a platform this process cannot post to', () => {
    expect(decide(new PermanentPostError('channel_not_found'), 1)).toEqual({ kind: 'final', cause: 'permanent', reason: 'PermanentPostError: channel_not_found' });
    expect(decide(new NoPosterError('discord'), 1)).toEqual({ kind: 'final', cause: 'no-poster', reason: 'no Poster for platform "discord" in this process (is it configured?)' });
  });

  it('is the one both runtimes use: BullMQ deliver jobs carry its attempts and first backoff', () => {
    expect(DELIVERY_RETRY).toEqual({ attempts: 8, backoffMs: 1_000 });
    expect(JOB_OPTIONS.deliver).toMatchObject({ attempts: DELIVERY_RETRY.attempts, backoff: { type: 'delivery-policy', delay: DELIVERY_RETRY.backoffMs } });
  });
});
