import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One HTTP route, independent of the server that serves it: paperbot's own (adapters/http/server.ts)
 * or Bolt's, when Slack already listens on PORT (adapters/slack/custom-routes.ts).
 */
export interface HttpRoute {
  /** GET also answers HEAD. */
  method: string | string[];
  path: string;
  /** Also serve everything below `path` (`/admin/queues/api/...`). */
  prefix?: boolean;
  handler(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export function methodsOf(route: HttpRoute): string[] {
  const list = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
  return list.includes('GET') && !list.includes('HEAD') ? [...list, 'HEAD'] : list;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
