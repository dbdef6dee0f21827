// Structured logs never carry a secret: every secret variable, tokens in headers, in error
// messages, in URLs and deep inside objects are gone from what reaches the destination.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../adapters/platforms.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, scrubSecrets, SECRET_ENV, secretsFromEnv } from '../../src/log.js';

/** The core's secret variables and every platform's (the registry's `secrets`). */
const SECRET_NAMES = [...SECRET_ENV, ...PLATFORMS.flatMap((p) => p.secrets)];

const SECRETS: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-botTOKENvalue',
  SLACK_SIGNING_SECRET: 'signing-secret-8f3a9c',
  SLACK_APP_TOKEN: 'xapp-1-A111-222-appTOKENvalue',
  SLACK_CLIENT_SECRET: 'client-secret-77c1d0',
  SLACK_STATE_SECRET: 'state-secret-5e9b21',
  DISCORD_TOKEN: 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
  LLM_API_KEY: 'sk-llm-key-0a1b2c3d4e',
  BULL_BOARD_PASSWORD: 'board-password-93kd',
  METRICS_TOKEN: 'metrics-token-6c2e1f',
};
const DB_PASSWORD = 'pg-pass-4471';
const REDIS_PASSWORD = 'redis-pass-8812';
const ENV = {
  ...SECRETS,
  DATABASE_URL: `postgres://paperbot:${DB_PASSWORD}@db:5432/paperbot`,
  REDIS_URL: `redis://:${REDIS_PASSWORD}@redis:6379`,
  SLACK_CLIENT_ID: '111.222',
  DISCORD_APP_ID: '123456789012345678',
  LLM_BASE_URL: 'https://llm.example/v1',
  LLM_MODEL: 'm',
  BULL_BOARD_USER: 'admin',
};
const ALL_SECRETS = [...Object.values(SECRETS), DB_PASSWORD, REDIS_PASSWORD];

function capture(secrets?: string[]) {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const log = createLogger('trace', sink, secrets ? { secrets, secretEnv: SECRET_NAMES } : { secretEnv: SECRET_NAMES });
  return { log, text: () => out };
}

function expectClean(text: string) {
  for (const s of ALL_SECRETS) expect(text, `leaked ${s}`).not.toContain(s);
}

describe('log redaction', () => {
  it('hides every secret variable of a logged config, env or settings object', () => {
    const { log, text } = capture(secretsFromEnv(ENV, SECRET_NAMES));
    const config = loadConfig(ENV, PLATFORMS);
    log.info({ config }, 'configuration loaded');
    log.info({ env: ENV }, 'environment');
    log.info(ENV, 'top-level keys');
    log.child({ component: 'x' }).warn({ settings: { nested: { deeper: ENV } } }, 'deep');
    expectClean(text());
    expect(text()).toContain('[redacted]');
    // What is not secret stays readable.
    expect(text()).toContain('111.222');
    expect(text()).toContain('db:5432');
    expect(text().split('\n').filter(Boolean).every((l) => JSON.parse(l).app === 'paperbot')).toBe(true);
  });

  it('hides tokens in request and response headers, in any casing', () => {
    const { log, text } = capture([]);
    log.info({ headers: { authorization: `Bearer ${SECRETS.SLACK_BOT_TOKEN}`, cookie: `s=${SECRETS.SLACK_STATE_SECRET}` } }, 'outgoing');
    log.info({ req: { method: 'POST', url: '/slack/events', headers: { 'x-slack-signature': `v0=${SECRETS.SLACK_SIGNING_SECRET}`, authorization: `Basic ${Buffer.from(`admin:${SECRETS.BULL_BOARD_PASSWORD}`).toString('base64')}` } } }, 'incoming');
    log.info({ request: { headers: { Authorization: `Bot ${SECRETS.DISCORD_TOKEN}` } } }, 'discord rest');
    log.error({ err: { message: 'request failed', config: { headers: { Authorization: `Bearer ${SECRETS.LLM_API_KEY}` } } } }, 'axios-style error');
    log.info({ res: { statusCode: 302, headers: { 'set-cookie': `slack-app-oauth-state=${SECRETS.SLACK_STATE_SECRET}` } } }, 'response');
    expectClean(text());
    expect(text()).not.toContain(Buffer.from(`admin:${SECRETS.BULL_BOARD_PASSWORD}`).toString('base64'));
    expect(text()).toContain('/slack/events');
  });

  it('scrubs secrets out of messages and error text, by value and by token shape', () => {
    // By value: the environment's secrets, wherever they turn up.
    const { log, text } = capture(secretsFromEnv(ENV, SECRET_NAMES));
    log.error({ err: new Error(`connect failed for ${ENV.DATABASE_URL}`) }, 'database down');
    log.warn(`LLM said 401 for key ${SECRETS.LLM_API_KEY}`);
    log.info({ a: { b: { c: { d: { token: SECRETS.SLACK_APP_TOKEN, note: `signed with ${SECRETS.SLACK_SIGNING_SECRET}` } } } } }, 'very deep');
    expectClean(text());
    // By shape: tokens nobody configured here (another workspace's, from the OAuth store).
    const other = capture([]);
    other.log.info(`posting with xoxb-9999-8888-someoneElses and xapp-1-B2-3-other, Bot ${SECRETS.DISCORD_TOKEN}, redis://:${REDIS_PASSWORD}@r:6379`);
    expect(other.text()).not.toMatch(/xoxb-9999|xapp-1-B2|someoneElses/);
    expect(other.text()).not.toContain(SECRETS.DISCORD_TOKEN);
    expect(other.text()).not.toContain(REDIS_PASSWORD);
    expect(other.text()).toContain('redis://:[redacted]@r:6379');
  });

  it('leaves ordinary words alone', () => {
    expect(scrubSecrets('{"msg":"Bot connected to the gateway; Basic settings saved"}', [])).toBe('{"msg":"Bot connected to the gateway; Basic settings saved"}');
    expect(scrubSecrets('{"msg":"https://export.arxiv.org/api/query?x=1"}', [])).toContain('https://export.arxiv.org/api/query');
  });

  it('reads the secret values from the environment it is given, skipping what is unset', () => {
    const found = secretsFromEnv(ENV, SECRET_NAMES);
    for (const s of Object.values(SECRETS)) expect(found).toContain(s);
    expect(secretsFromEnv({ DATABASE_URL: './data/pglite', SLACK_BOT_TOKEN: '' }, SECRET_NAMES)).toEqual([]);
    expect(Object.keys(SECRETS).sort()).toEqual([...SECRET_NAMES].sort());
  });

  it('removes a URL password where it sits, without blanking the same word elsewhere', () => {
    // docker-compose.yml's own default: user, password and database are all "paperbot".
    const url = 'postgres://paperbot:paperbot@postgres:5432/paperbot';
    const { log, text } = capture(secretsFromEnv({ DATABASE_URL: url }));
    log.error({ err: new Error(`could not connect to ${url}`) }, 'database down');
    expect(text()).toContain('postgres://paperbot:[redacted]@postgres:5432/paperbot');
    expect(JSON.parse(text()).app).toBe('paperbot');
  });
});
