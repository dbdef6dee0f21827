import type { Redis } from 'ioredis';
import type { Destination } from '../src/delivery/poster.js';

/**
 * At most one post per destination per interval, across every worker process. BullMQ's own
 * limiter is per queue, not per channel (per-group limits are BullMQ Pro), and Slack's limit is
 * about 1 message per second per channel; a Redis key per channel with a TTL is the whole rule.
 */
export interface Pacer {
  /** 0: go now (and the slot is taken); n: the channel is busy for n more ms. */
  pace(to: Destination): Promise<number>;
  /** The platform said "wait n ms" for this channel, or for every post ('global'; 429 Retry-After): hold every worker off. */
  block(to: Destination | 'global', ms: number): Promise<void>;
}

/** Slack: ~1/s per channel; Discord: 5 per 5 s per channel. 1.1 s keeps both with a margin. */
export const DEFAULT_PACE_MS = 1_100;

export function createPacer(redis: Redis, prefix: string, intervalMs = DEFAULT_PACE_MS): Pacer {
  const key = (to: Destination | 'global') => (to === 'global' ? `${prefix}:pace:global` : `${prefix}:pace:${to.platform}:${to.workspaceId}:${to.channelId}`);
  return {
    async pace(to) {
      // A global 429 holds every channel, also jobs the queue's rate limiter let through before it.
      const everyone = await redis.pttl(key('global'));
      if (everyone > 0) return everyone;
      if (intervalMs <= 0) return 0;
      const k = key(to);
      if ((await redis.set(k, '1', 'PX', intervalMs, 'NX')) === 'OK') return 0;
      const ttl = await redis.pttl(k);
      return ttl > 0 ? ttl : 1; // expired between the two calls: try again at once
    },
    async block(to, ms) {
      const k = key(to);
      const ttl = await redis.pttl(k);
      if (ttl < ms) await redis.set(k, '1', 'PX', Math.max(1, Math.round(ms)));
    },
  };
}
