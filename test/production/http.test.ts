// /healthz, /readyz, /metrics and the queue dashboard: on paperbot's own server and on Bolt's
// (when Slack holds PORT), probed over real HTTP on loopback.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthMatches, withBasicAuth } from '../../adapters/http/basic-auth.js';
import { bullBoardRoute } from '../../adapters/http/bull-board.js';
import { observabilityRoutes } from '../../adapters/http/observability-routes.js';
import type { HttpRoute } from '../../adapters/http/route.js';
import { startHttpServer, type RunningHttpServer } from '../../adapters/http/server.js';
import { PLATFORMS } from '../../adapters/platforms.js';
import { boltCustomRoutes } from '../../adapters/slack/custom-routes.js';
import { startSlack, type SlackRuntime } from '../../adapters/slack/start.js';
import { startObservability } from '../../cli/observe.js';
import { createRedis } from '../../jobs/connection.js';
import { createQueues, QUEUE_NAMES, type Queues } from '../../jobs/queues.js';
import { createRedisPing } from '../../jobs/redis-ping.js';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { checkReadiness, scrubCredentials } from '../../src/observability/readiness.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { sampleApp } from '../helpers/app.js';
import { commandBody, postSigned } from '../helpers/slack-sign.js';
import { dropPrefix, REDIS_URL } from '../jobs/helpers.js';
import { metricSum } from './processes.js';

const USER = 'admin';
const PASSWORD = 'board-secret-1';
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const auth = { authorization: basic(USER, PASSWORD) };

async function request(port: number, path: string, init: RequestInit = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

let redis: Redis;
let prefix: string;
let queues: Queues;
const servers: RunningHttpServer[] = [];

beforeAll(async () => {
  redis = createRedis(REDIS_URL, 'worker');
  prefix = `pbt-http-${randomBytes(3).toString('hex')}`;
  queues = createQueues(redis, prefix);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await queues?.close();
  await dropPrefix(redis, prefix);
  await redis?.quit();
});

describe('readiness checks', () => {
  it('is ready when every check answers, and names the one that fails or hangs', async () => {
    expect(await checkReadiness({ a: async () => {}, b: async () => {} })).toMatchObject({ ok: true, checks: { a: { ok: true }, b: { ok: true } } });
    const r = await checkReadiness({ db: async () => {}, redis: () => new Promise(() => {}), other: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.1:5432')) }, 100);
    expect(r.ok).toBe(false);
    expect(r.checks.db.ok).toBe(true);
    expect(r.checks.redis).toMatchObject({ ok: false, error: 'no answer within 100 ms' });
    expect(r.checks.other).toMatchObject({ ok: false, error: 'connect ECONNREFUSED 10.0.0.1:5432' });
  });

  it('never repeats a password from an error message', async () => {
    expect(scrubCredentials('could not connect to postgres://bot:hunter22@db:5432/x')).toBe('could not connect to postgres://bot:[redacted]@db:5432/x');
    const r = await checkReadiness({ redis: async () => Promise.reject(new Error('redis://:s3cr3t@cache:6379 refused')) });
    expect(r.checks.redis.error).not.toContain('s3cr3t');
  });

  it('pings a real Redis, and fails at once (not queued) when Redis is unreachable', async () => {
    const ok = createRedisPing(REDIS_URL);
    const down = createRedisPing('redis://127.0.0.1:9');
    try {
      await expect(ok.ping()).resolves.toBeUndefined();
      const r = await checkReadiness({ redis: () => down.ping() }, 1_500);
      expect(r.checks.redis.ok).toBe(false);
      expect(r.checks.redis.error).not.toBe('no answer within 1500 ms');
    } finally {
      await ok.close();
      await down.close();
    }
  });
});

describe('paperbot\'s own HTTP server', () => {
  let port: number;
  let dbUp = true;
  const metrics = createMetrics({ indexSize: () => 42 });

  beforeAll(async () => {
    const checks = {
      database: async () => {
        if (!dbUp) throw new Error('database unreachable');
      },
      redis: async () => {},
    };
    const routes = observabilityRoutes({ metrics, checks, log: silentLogger });
    const server = await startHttpServer(routes, { port: 0, host: '127.0.0.1', log: silentLogger });
    servers.push(server);
    port = server.port;
  });

  it('answers /healthz while the process runs, whatever its dependencies say', async () => {
    dbUp = false;
    const r = await request(port, '/healthz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).status).toBe('ok');
    expect((await request(port, '/healthz', { method: 'HEAD' })).status).toBe(200);
    dbUp = true;
  });

  it('answers /readyz 200 when the database and Redis answer, 503 naming the one that does not', async () => {
    const ok = await request(port, '/readyz');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ status: 'ready', checks: { database: { ok: true }, redis: { ok: true } } });
    dbUp = false;
    const bad = await request(port, '/readyz');
    dbUp = true;
    expect(bad.status).toBe(503);
    expect(JSON.parse(bad.text)).toMatchObject({ status: 'not ready', checks: { database: { ok: false, error: 'database unreachable' }, redis: { ok: true } } });
  });

  it('serves /metrics in the Prometheus text format', async () => {
    metrics.deliveries.inc({ platform: 'slack', outcome: 'posted' }, 3);
    const r = await request(port, '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metricSum(r.text, 'paperbot_deliveries_total', { platform: 'slack', outcome: 'posted' })).toBe(3);
    expect(metricSum(r.text, 'paperbot_search_index_papers')).toBe(42);
    expect(r.text).toContain('# TYPE paperbot_command_duration_seconds histogram');
  });

  it('asks for the bearer token on /metrics when METRICS_TOKEN is set; the probes stay open', async () => {
    const routes = observabilityRoutes({ metrics, checks: {}, log: silentLogger, metricsToken: 'scrape-token-1234' });
    const server = await startHttpServer(routes, { port: 0, host: '127.0.0.1', log: silentLogger });
    servers.push(server);
    const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });
    const none = await request(server.port, '/metrics');
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="paperbot metrics"']);
    expect(none.text).not.toContain('paperbot_');
    expect((await request(server.port, '/metrics', bearer('scrape-token-123'))).status).toBe(401);
    expect((await request(server.port, '/metrics', { headers: { authorization: 'Basic c2NyYXBlLXRva2VuLTEyMzQ=' } })).status).toBe(401);
    const ok = await request(server.port, '/metrics', bearer('scrape-token-1234'));
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('paperbot_search_index_papers');
    expect((await request(server.port, '/healthz')).status).toBe(200);
    expect((await request(server.port, '/readyz')).status).toBe(200);
  });

  it('answers unknown paths 404 and wrong methods 405', async () => {
    expect((await request(port, '/nope')).status).toBe(404);
    expect((await request(port, '/healthz/extra')).status).toBe(404);
    expect((await request(port, '/metrics', { method: 'POST' })).status).toBe(405);
  });
});

describe('basic auth', () => {
  const req = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as never;

  it('accepts exactly the configured user and password', () => {
    expect(basicAuthMatches(req(basic(USER, PASSWORD)), USER, PASSWORD)).toBe(true);
    expect(basicAuthMatches(req(basic(USER, `${PASSWORD}x`)), USER, PASSWORD)).toBe(false);
    expect(basicAuthMatches(req(basic('root', PASSWORD)), USER, PASSWORD)).toBe(false);
    expect(basicAuthMatches(req(basic('', '')), USER, PASSWORD)).toBe(false);
    expect(basicAuthMatches(req(`Bearer ${PASSWORD}`), USER, PASSWORD)).toBe(false);
    expect(basicAuthMatches(req(), USER, PASSWORD)).toBe(false);
    // A password containing ':' is split at the first one only (RFC 7617).
    expect(basicAuthMatches(req(basic(USER, 'a:b')), USER, 'a:b')).toBe(true);
  });

  it('challenges with 401 and WWW-Authenticate until the credentials are right', async () => {
    const inner: HttpRoute = { method: 'GET', path: '/secret', handler: (_q, res) => void res.end('in') };
    const server = await startHttpServer([withBasicAuth(inner, USER, PASSWORD)], { port: 0, host: '127.0.0.1', log: silentLogger });
    servers.push(server);
    const denied = await request(server.port, '/secret');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await request(server.port, '/secret', { headers: { authorization: basic(USER, 'wrong') } })).status).toBe(401);
    expect(await request(server.port, '/secret', { headers: auth })).toMatchObject({ status: 200, text: 'in' });
  });
});

describe('queue dashboard (bull-board)', () => {
  it('shows the four queues and their jobs at /admin/queues, only with the password', async () => {
    await queues.digest.add('digest', { channelId: 1, date: '2026-01-01' }, { delay: 60_000 });
    const server = await startHttpServer([bullBoardRoute({ queues: QUEUE_NAMES.map((n) => queues[n]), user: USER, password: PASSWORD })], { port: 0, host: '127.0.0.1', log: silentLogger });
    servers.push(server);
    expect((await request(server.port, '/admin/queues')).status).toBe(401);
    expect((await request(server.port, '/admin/queues/api/queues')).status).toBe(401);
    const page = await request(server.port, '/admin/queues', { headers: auth });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
    expect(page.text).toContain('/admin/queues'); // assets and API under the base path
    const api = await request(server.port, '/admin/queues/api/queues?activeQueue=digest&status=delayed&page=1', { headers: auth });
    expect(api.status).toBe(200);
    const body = JSON.parse(api.text) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(body.queues.find((q) => q.name === 'digest')!.counts.delayed).toBe(1);
  });
});

describe('on Bolt\'s server when Slack holds PORT', () => {
  let fake: FakeSlack;
  let core: App;
  let slack: SlackRuntime;
  const SECRET = 'http-test-signing';

  beforeAll(async () => {
    fake = await startFakeSlack();
    core = await sampleApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, REDIS_URL, QUEUE_PREFIX: prefix, BULL_BOARD_USER: USER, BULL_BOARD_PASSWORD: PASSWORD });
  });
  afterAll(async () => {
    await slack?.stop();
    await core?.close();
    await fake?.close();
  });

  it('serves /healthz, /readyz, /metrics and /admin/queues next to /slack/events', async () => {
    const observe = await startObservability(core);
    try {
      expect(observe.routes.map((r) => r.path)).toEqual(['/healthz', '/readyz', '/metrics', '/admin/queues']);
      slack = await startSlack(core, { port: 0, host: '127.0.0.1', customRoutes: boltCustomRoutes(observe.routes) });
      const port = slack.port!;
      expect((await request(port, '/healthz')).status).toBe(200);
      const ready = await request(port, '/readyz');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text).checks).toMatchObject({ database: { ok: true }, redis: { ok: true } });
      expect((await request(port, '/admin/queues/api/queues')).status).toBe(401);
      expect((await request(port, '/admin/queues/api/queues', { headers: auth })).status).toBe(200);
      expect((await request(port, '/admin/queues', { headers: auth })).status).toBe(200);

      // Slack's own route still works beside them, and its command shows up in /metrics.
      const who = { teamId: 'TMETRICS1', userId: 'UMETRICS1', channelId: 'CMETRICS1' };
      expect((await postSigned(`http://127.0.0.1:${port}/slack/events`, SECRET, commandBody(who, 'help', fake.responseUrl('h')), 'form')).status).toBe(200);
      await fake.waitFor((c) => c.method === 'response_url' && c.responseId === 'h');
      const metrics = await request(port, '/metrics');
      expect(metricSum(metrics.text, 'paperbot_command_duration_seconds_count', { platform: 'slack', command: 'help' })).toBe(1);
      expect(metrics.text).toContain('nodejs_eventloop_lag_seconds'); // process metrics on the app's registry
      // /metrics is often scraped without auth: no label names a workspace, user or channel
      for (const id of Object.values(who)) expect(metrics.text).not.toContain(id);
      expect((await request(port, '/nope')).status).toBe(404);
    } finally {
      await observe.stop();
    }
  });
});

describe('configuration', () => {
  it('wants both dashboard credentials or neither, and a plain queue prefix', () => {
    expect(() => loadConfig({ BULL_BOARD_USER: 'admin' }, PLATFORMS)).toThrow(/BULL_BOARD_PASSWORD: set both/);
    expect(() => loadConfig({ BULL_BOARD_PASSWORD: 'x' }, PLATFORMS)).toThrow(/BULL_BOARD_USER: set both/);
    expect(loadConfig({ BULL_BOARD_USER: 'a', BULL_BOARD_PASSWORD: 'b' }, PLATFORMS).BULL_BOARD_USER).toBe('a');
    expect(loadConfig({}, PLATFORMS).QUEUE_PREFIX).toBe('paperbot');
    expect(loadConfig({ QUEUE_PREFIX: 'staging-2' }, PLATFORMS).QUEUE_PREFIX).toBe('staging-2');
    expect(() => loadConfig({ QUEUE_PREFIX: 'a b{c}' }, PLATFORMS)).toThrow(/QUEUE_PREFIX/);
  });

  it('leaves the dashboard off without Redis, and serves only the probes', async () => {
    const app = await sampleApp({ BULL_BOARD_USER: USER, BULL_BOARD_PASSWORD: PASSWORD, PORT: '0' }, false);
    const observe = await startObservability(app);
    try {
      expect(observe.routes.map((r) => r.path)).toEqual(['/healthz', '/readyz', '/metrics']);
      const http = await observe.listen();
      try {
        const ready = await request(http.port!, '/readyz');
        expect(JSON.parse(ready.text).checks).toEqual({ database: expect.objectContaining({ ok: true }) });
        expect((await request(http.port!, '/admin/queues', { headers: auth })).status).toBe(404);
      } finally {
        await http.close();
      }
    } finally {
      await observe.stop();
      await app.close();
    }
  });
});
