// Redis down when the bot starts: health answers at once (/readyz 503 naming redis), one log line
// says Redis is unreachable (not a dump per reconnect), and nothing waits for it.
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startSchedulingForBot } from '../../jobs/runtime.js';
import { startObservability } from '../../cli/observe.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';

const lines: string[] = [];
let app: App | undefined;
const stops: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const s of stops.reverse()) await s().catch(() => {});
  await app?.close();
});

describe('Redis down at start', () => {
  it('serves /healthz and /readyz at once, logs one line, prints no raw ECONNREFUSED', async () => {
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (stderr.push(String(c)), true));
    const consoleSpy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(a.map(String).join(' ')));
    try {
      const sink = new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) });
      const config = loadConfig({ DATABASE_URL: 'memory://', REDIS_URL: 'redis://:redis-pw-77@127.0.0.1:1', PORT: '0' });
      app = await createApp(config, { seed: false, syncIntervalMs: 0, log: createLogger('info', sink, { secrets: [] }) });
      const started = Date.now();
      stops.push(await startSchedulingForBot(app, config.REDIS_URL!, `test-${Date.now()}`));
      const observe = await startObservability(app);
      stops.push(observe.stop);
      const http = await observe.listen();
      stops.push(http.close);
      expect(Date.now() - started).toBeLessThan(2_000);

      const health = await fetch(`http://127.0.0.1:${http.port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${http.port}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
      expect(body.checks.redis.ok).toBe(false);
      expect(body.checks.database.ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(4_000);

      await new Promise((r) => setTimeout(r, 1_500)); // several reconnect attempts
      expect(lines.filter((l) => l.includes('redis unreachable'))).toHaveLength(1);
      expect(stderr.join('')).not.toMatch(/ECONNREFUSED|Unhandled error event/);
      expect(lines.join('')).not.toContain('redis-pw-77');
    } finally {
      spy.mockRestore();
      consoleSpy.mockRestore();
    }
  });
});
