import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../adapters/platforms.js';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('needs nothing: embedded database, no platforms, extractive TL;DRs', () => {
    const c = loadConfig({}, PLATFORMS);
    expect(c).toMatchObject({ DATABASE_URL: './data/pglite', DATABASE_POOL_SIZE: 10, PORT: 3000, llmEnabled: false });
    expect(PLATFORMS.filter((p) => p.enabled(c))).toEqual([]);
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('names each wrong variable with what was expected', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_POOL_SIZE: '0', REDIS_URL: 'localhost:6379', SLACK_API_URL: 'not a url', DISCORD_TOKEN: 'x' }, PLATFORMS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/PORT: expected a port number/);
    expect(msg).toMatch(/DATABASE_POOL_SIZE: expected a whole number of connections/);
    expect(msg).toMatch(/REDIS_URL: expected redis:\/\/host:port/);
    expect(msg).toMatch(/SLACK_API_URL: expected an http\(s\) URL/);
    expect(msg).toMatch(/DISCORD_APP_ID: required when DISCORD_TOKEN is set/);
  });

  it('never echoes a secret in its error', () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'secret-value-123' }, PLATFORMS);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-value-123');
    }
  });

  it('turns platforms on when their credentials are present', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456', LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'm' }, PLATFORMS);
    expect(c.llmEnabled).toBe(true);
    expect(PLATFORMS.filter((p) => p.enabled(c)).map((p) => p.name)).toEqual(['slack', 'discord']);
  });
});
