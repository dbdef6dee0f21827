import { Redis } from 'ioredis';
import type { Logger } from '../src/log.js';

/**
 * One ioredis client for BullMQ. Workers block on Redis and must wait out a Redis restart rather
 * than fail a command, hence maxRetriesPerRequest null; a CLI that only reads (paperbot jobs)
 * fails fast instead.
 */
export function createRedis(url: string, role: 'worker' | 'client' = 'worker', log?: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    connectionName: `paperbot-${role}`,
    ...(role === 'client' && { retryStrategy: (times: number) => (times > 2 ? null : 200) }),
  });
  if (log) reportRedisState(redis, log);
  return redis;
}

/**
 * One log line when Redis goes away and one when it is back, instead of ioredis printing every
 * failed reconnect (with the URL, which may hold a password) as an unhandled error event.
 */
export function reportRedisState(redis: Redis, log: Logger, what = 'redis'): void {
  let down = false;
  redis.on('error', (err: NodeJS.ErrnoException) => {
    if (down) return;
    down = true;
    log.warn({ code: err.code ?? err.name }, `${what} unreachable; jobs wait and retry until it is back`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info(`${what} is back`);
  });
}

/** Close politely; fall back to a hard disconnect if Redis is gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
