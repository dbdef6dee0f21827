// /healthz, /readyz and /metrics: the same three routes on every paperbot process.
import type { Logger } from '../../src/log.js';
import type { Metrics } from '../../src/observability/metrics.js';
import { checkReadiness, type ReadinessCheck } from '../../src/observability/readiness.js';
import { withBearerAuth } from './basic-auth.js';
import { sendJson, type HttpRoute } from './route.js';

export const PATHS = { health: '/healthz', ready: '/readyz', metrics: '/metrics' } as const;

export interface ObservabilityRouteOptions {
  metrics: Metrics;
  /** What must answer for the process to be ready (database, Redis). */
  checks: Record<string, ReadinessCheck>;
  log: Logger;
  /** Per check; a hung dependency must not hang the probe. Default 2 s. */
  checkTimeoutMs?: number;
  /** METRICS_TOKEN: /metrics answers only `Authorization: Bearer <token>` (the probes stay open). */
  metricsToken?: string;
}

export function observabilityRoutes(o: ObservabilityRouteOptions): HttpRoute[] {
  // A probe must always answer: an exception becomes a 500, never a hung or crashed request.
  const safe = (name: string, f: HttpRoute['handler']): HttpRoute['handler'] => async (req, res) => {
    try {
      await f(req, res);
    } catch (err) {
      o.log.error({ err, route: name }, 'http route failed');
      if (!res.headersSent) sendJson(res, 500, { status: 'error' });
      else res.end();
    }
  };
  const probes: HttpRoute[] = [
    {
      // Liveness: the process is up and its event loop answers. Deliberately checks nothing else,
      // so a database outage does not get every process restarted.
      method: 'GET',
      path: PATHS.health,
      handler: safe('healthz', (_req, res) => sendJson(res, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) })),
    },
    {
      // Readiness: the database and Redis answer now (503 naming the one that does not).
      method: 'GET',
      path: PATHS.ready,
      handler: safe('readyz', async (_req, res) => {
        const r = await checkReadiness(o.checks, o.checkTimeoutMs);
        sendJson(res, r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not ready', checks: r.checks });
      }),
    },
  ];
  const metrics: HttpRoute = {
    method: 'GET',
    path: PATHS.metrics,
    handler: safe('metrics', async (_req, res) => {
      const text = await o.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': o.metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(text);
    }),
  };
  return [...probes, o.metricsToken ? withBearerAuth(metrics, o.metricsToken) : metrics];
}
