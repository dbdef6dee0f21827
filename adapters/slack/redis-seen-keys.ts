// SeenKeys in Redis for a bot with REDIS_URL: replicas share what they have taken. Loaded only with
// Redis, like the readiness probe. Its own connection fails fast while Redis is away (no offline
// queue), so a Slack request never waits on it; the guard then remembers in memory.
import { Redis } from 'ioredis';
import type { Logger } from '../../src/log.js';
import { redisSeenKeys, type SeenKeys } from './seen-keys.js';

export function openRedisSeenKeys(url: string, log: Logger, prefix = 'paperbot'): { seen: SeenKeys; close(): Promise<void> } {
  const redis = new Redis(url, { connectionName: 'paperbot-seen', enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  let down = false;
  redis.on('error', () => {}); // the URL may hold a password; the state changes below are logged instead
  redis.on('ready', () => {
    if (down) log.info('slack replay check: redis is back');
    down = false;
  });
  // Just started: wait (briefly) for the first connection rather than fall back to memory at once.
  const firstConnection = new Promise<void>((resolve) => {
    const done = () => (clearTimeout(timer), redis.off('ready', done), redis.off('error', done), resolve());
    const timer = setTimeout(done, 2_000).unref();
    redis.once('ready', done);
    redis.once('error', done);
  });
  const client = {
    set: async (key: string, value: string, px: 'PX', ms: number, nx: 'NX') => {
      await firstConnection;
      return redis.set(key, value, px, ms, nx);
    },
  };
  const seen = redisSeenKeys(client, {
    prefix: `${prefix}:slack-seen:`,
    onError: () => {
      if (!down) log.warn('slack replay check: redis unreachable; remembering requests in memory until it is back');
      down = true;
    },
  });
  return {
    seen,
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
