// Shared set-up for the jobs tests: a fresh PostgreSQL database with the sample library, a Redis
// connection with a prefix of its own, and channels subscribed to topics.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createApp, type App } from '../../src/app.js';
import { ensureChannel, subscribe, updateChannelSettings, type Channel } from '../../src/channels/channels.js';
import type { SettingsChange } from '../../src/channels/channels.js';
import { loadConfig } from '../../src/config.js';
import { createRedis } from '../../jobs/connection.js';
import { createQueues, type Queues } from '../../jobs/queues.js';
import pg from 'pg';
import { POSTGRES_URL } from '../helpers/db.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface JobsTestEnv {
  app: App;
  databaseUrl: string;
  redis: Redis;
  prefix: string;
  queues: Queues;
  close(): Promise<void>;
}

/** Delete every key under the prefix (BullMQ's and the pacer's). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/**
 * A new, empty PostgreSQL database (like freshDatabase('postgres')) whose drop waits until every
 * connection to it is gone: pg's pool.end() resolves before its sockets close, and a forced drop
 * at that moment makes the server kill them and the client emit an uncaught 57P01.
 */
export async function scratchPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `paperbot_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      try {
        for (let i = 0; i < 100; i++) {
          const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (r.rows[0].n === 0) break;
          await new Promise((res) => setTimeout(res, 50));
        }
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function jobsTestEnv(name: string, options: { seed?: boolean } = {}): Promise<JobsTestEnv> {
  const db = await scratchPostgres();
  const app = await createApp(loadConfig({ DATABASE_URL: db.url, REDIS_URL }), { seed: options.seed ?? true, syncIntervalMs: 0 });
  const redis = createRedis(REDIS_URL, 'worker');
  const prefix = `pbt-${name}-${randomBytes(3).toString('hex')}`;
  const queues = createQueues(redis, prefix);
  return {
    app,
    databaseUrl: db.url,
    redis,
    prefix,
    queues,
    async close() {
      await queues.close();
      await dropPrefix(redis, prefix);
      await redis.quit();
      await app.close();
      await db.drop();
    },
  };
}

/** n channels on the fake platform, each following `topics`. */
export async function makeChannels(app: App, n: number, o: { topics?: string[]; settings?: SettingsChange; platform?: string; workspace?: string } = {}): Promise<Channel[]> {
  const out: Channel[] = [];
  for (let i = 0; i < n; i++) {
    let c = await ensureChannel(app.db, { platform: o.platform ?? 'fake', workspaceId: o.workspace ?? 'W1', channelId: `C${String(i + 1).padStart(4, '0')}` });
    for (const t of o.topics ?? ['lora']) await subscribe(app.db, c.id, t, 'U1');
    if (o.settings) c = await updateChannelSettings(app.db, c.id, o.settings);
    out.push(c);
  }
  return out;
}

export async function until<T>(f: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
