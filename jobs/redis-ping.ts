import { Redis } from 'ioredis';

export interface RedisPing {
  /** Resolves when Redis answers PING now; rejects at once while it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A small connection of its own for readiness probes. It reconnects for ever in the background
 * (a Redis restart must turn the probe green again by itself), but a command fails at once
 * while disconnected instead of waiting in ioredis's offline queue, so /readyz says 503 now.
 */
export function createRedisPing(url: string): RedisPing {
  const redis = new Redis(url, { connectionName: 'paperbot-probe', enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false });
  redis.on('error', () => {}); // reported by the probe's answer; the URL may hold a password
  const firstConnection = () =>
    new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        redis.off('ready', onReady);
        redis.off('error', onError);
        if (err) reject(err);
        else resolve();
      };
      const onReady = () => done();
      const onError = (err: Error) => done(err);
      redis.once('ready', onReady);
      redis.once('error', onError);
    });
  return {
    async ping() {
      // Just started: wait for the first connection rather than report a Redis that is fine.
      if (redis.status === 'wait' || redis.status === 'connecting' || redis.status === 'connect') await firstConnection();
      const answer = await redis.ping();
      if (answer !== 'PONG') throw new Error(`unexpected answer to PING: ${answer}`);
    },
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
