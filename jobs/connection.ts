import { Redis } from 'ioredis';

/**
 * One ioredis client for BullMQ. Workers block on Redis and must wait out a Redis restart rather
 * than fail a command, hence maxRetriesPerRequest null; a CLI that only reads (paperbot jobs)
 * fails fast instead.
 */
export function createRedis(url: string, role: 'worker' | 'client' = 'worker'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    connectionName: `paperbot-${role}`,
    ...(role === 'client' && { retryStrategy: (times: number) => (times > 2 ? null : 200) }),
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
