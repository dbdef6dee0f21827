// The HTTP side of a running paperbot process (bot or worker): /healthz, /readyz, /metrics and,
// when configured, /admin/queues. Served by Bolt's server when Slack holds PORT, else by our own.
import { observabilityRoutes } from '../adapters/http/observability-routes.js';
import type { HttpRoute } from '../adapters/http/route.js';
import { startHttpServer } from '../adapters/http/server.js';
import type { App } from '../src/app.js';
import { collectProcessMetrics } from '../src/observability/metrics.js';
import type { ReadinessCheck } from '../src/observability/readiness.js';

export interface Observability {
  routes: HttpRoute[];
  /** Serve the routes on PORT with paperbot's own server (port null when it could not listen). */
  listen(): Promise<{ port: number | null; close(): Promise<void> }>;
  /** Close the probe's Redis connection and the dashboard's queues. */
  stop(): Promise<void>;
}

export async function startObservability(app: App): Promise<Observability> {
  const { config, log } = app;
  collectProcessMetrics(app.metrics);
  const checks: Record<string, ReadinessCheck> = { database: () => app.database.ping() };
  const closers: Array<() => Promise<void>> = [];
  const routes: HttpRoute[] = [];

  if (config.REDIS_URL) {
    // Loaded only with Redis: a single-machine bot never loads ioredis.
    const { createRedisPing } = await import('../jobs/redis-ping.js');
    const probe = createRedisPing(config.REDIS_URL);
    checks.redis = () => probe.ping();
    closers.push(() => probe.close());
  }
  routes.push(...observabilityRoutes({ metrics: app.metrics, checks, log, metricsToken: config.METRICS_TOKEN }));

  if (config.BULL_BOARD_USER && config.BULL_BOARD_PASSWORD) {
    if (!config.REDIS_URL) {
      log.warn('BULL_BOARD_USER is set but REDIS_URL is not: there are no queues to show, so /admin/queues is off');
    } else {
      const { bullBoardRoute, BULL_BOARD_PATH } = await import('../adapters/http/bull-board.js');
      const { createRedis, closeRedis } = await import('../jobs/connection.js');
      const { createQueues, QUEUE_NAMES } = await import('../jobs/queues.js');
      const connection = createRedis(config.REDIS_URL, 'worker', log);
      const queues = createQueues(connection, config.QUEUE_PREFIX);
      routes.push(bullBoardRoute({ queues: QUEUE_NAMES.map((n) => queues[n]), user: config.BULL_BOARD_USER, password: config.BULL_BOARD_PASSWORD }));
      closers.push(async () => {
        await queues.close();
        await closeRedis(connection);
      });
      log.info({ path: BULL_BOARD_PATH }, 'queue dashboard enabled (basic auth)');
    }
  }

  return {
    routes,
    async listen() {
      try {
        const server = await startHttpServer(routes, { port: config.PORT, log });
        log.info({ port: server.port, paths: routes.map((r) => r.path) }, 'http endpoints listening');
        return { port: server.port, close: () => server.close() };
      } catch (err) {
        // The bot's real work (chat, jobs) goes on; the missing probe shows up as unhealthy.
        log.error({ err: { message: (err as Error).message, code: (err as NodeJS.ErrnoException).code }, port: config.PORT }, 'could not serve /healthz, /readyz and /metrics');
        return { port: null, close: async () => {} };
      }
    },
    async stop() {
      for (const close of closers.reverse()) await close().catch((err) => log.warn({ err }, 'error while closing observability'));
    },
  };
}
