// What the request guard and the OAuth state store remember: in memory, and shared through a real Redis.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openRedisSeenKeys } from '../../adapters/slack/redis-seen-keys.js';
import { memorySeenKeys } from '../../adapters/slack/seen-keys.js';
import { createLogger } from '../../src/log.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function captured() {
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }), { secrets: [] });
  return { lines, log };
}

describe('seen keys', () => {
  it('in memory: a key is taken once within its time, again after it; the oldest go past the cap', async () => {
    let now = 0;
    const seen = memorySeenKeys({ max: 3, now: () => now });
    expect(await seen.claim('a', 1000)).toBe(true);
    expect(await seen.claim('a', 1000)).toBe(false);
    now = 1001;
    expect(await seen.claim('a', 1000)).toBe(true);
    for (const k of ['b', 'c', 'd']) await seen.claim(k, 10_000);
    expect(await seen.claim('d', 10_000)).toBe(false);
    expect(await seen.claim('a', 10_000)).toBe(true); // evicted by the cap
  });

  it('in Redis: two bot processes share them, so a replay to another replica is caught', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const { log } = captured();
    const one = openRedisSeenKeys(REDIS_URL, log, prefix);
    const two = openRedisSeenKeys(REDIS_URL, log, prefix);
    try {
      expect(await one.seen.claim('slack-sig:abc', 5_000)).toBe(true);
      expect(await two.seen.claim('slack-sig:abc', 5_000)).toBe(false);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('with Redis away: requests still pass, remembered in memory, and one line says so', async () => {
    const { lines, log } = captured();
    const down = openRedisSeenKeys('redis://:pw-in-url@127.0.0.1:1', log);
    try {
      expect(await down.seen.claim('k', 5_000)).toBe(true);
      expect(await down.seen.claim('k', 5_000)).toBe(false);
      expect(await down.seen.claim('j', 5_000)).toBe(true);
      expect(lines.filter((l) => l.includes('redis unreachable'))).toHaveLength(1);
      expect(lines.join('')).not.toContain('pw-in-url');
    } finally {
      await down.close();
    }
  });
});
