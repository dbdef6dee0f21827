// paperbot's own HTTP server, for processes where Slack's Bolt does not already listen on PORT
// (workers, Discord-only bots). node:http and a route list: three probes and a dashboard need no framework.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/log.js';
import { methodsOf, sendJson, type HttpRoute } from './route.js';

export interface RunningHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** The route for a path: exact, or under a prefix route. */
export function findRoute(routes: readonly HttpRoute[], method: string, path: string): HttpRoute | 'wrong-method' | null {
  let pathMatched = false;
  for (const r of routes) {
    const hit = path === r.path || (r.prefix === true && path.startsWith(`${r.path}/`));
    if (!hit) continue;
    pathMatched = true;
    if (methodsOf(r).includes(method)) return r;
  }
  return pathMatched ? 'wrong-method' : null;
}

export async function startHttpServer(routes: readonly HttpRoute[], o: { port: number; host?: string; log: Logger }): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = findRoute(routes, (req.method ?? 'GET').toUpperCase(), path);
    if (route === null) return sendJson(res, 404, { error: 'not found' });
    if (route === 'wrong-method') return sendJson(res, 405, { error: 'method not allowed' });
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((err) => {
        o.log.error({ err, path }, 'http request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      });
  });
  // Probes are tiny; a slow or idle client must not hold a socket for long.
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: o.port, host: o.host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => o.log.error({ err }, 'http server error'));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
