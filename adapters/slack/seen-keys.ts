/**
 * "Have we taken this one already?" for replayed Slack requests and reused OAuth states: `claim`
 * is true the first time a key is seen within `ttlMs`, false after. In memory by default; with
 * REDIS_URL every bot process shares one set (SET NX PX), so a replay to another replica is caught.
 */
export interface SeenKeys {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** At most `max` keys are kept; the oldest go first, so a flood cannot grow memory without bound. */
export function memorySeenKeys(o: { max?: number; now?: () => number } = {}): SeenKeys {
  const max = o.max ?? 100_000;
  const now = o.now ?? Date.now;
  const expiries = new Map<string, number>(); // insertion order = claim order
  return {
    async claim(key, ttlMs) {
      const t = now();
      const until = expiries.get(key);
      if (until !== undefined && until > t) return false;
      expiries.delete(key);
      expiries.set(key, t + ttlMs);
      for (const [k, u] of expiries) {
        if (expiries.size <= max && u > t) break;
        expiries.delete(k);
      }
      return true;
    },
  };
}

/** The narrow part of an ioredis client this needs. */
export interface RedisSetNx {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
}

/**
 * Shared through Redis. When Redis does not answer, the request is let through (and the fallback
 * remembers it locally): a Redis outage must not take Slack commands down with it.
 */
export function redisSeenKeys(redis: RedisSetNx, o: { prefix?: string; fallback?: SeenKeys; onError?: (err: unknown) => void } = {}): SeenKeys {
  const prefix = o.prefix ?? 'paperbot:seen:';
  const fallback = o.fallback ?? memorySeenKeys();
  return {
    async claim(key, ttlMs) {
      try {
        return (await redis.set(`${prefix}${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch (err) {
        o.onError?.(err);
        return fallback.claim(key, ttlMs);
      }
    },
  };
}
