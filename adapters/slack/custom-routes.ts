import type { CustomRoute } from '@slack/bolt';
import type { HttpRoute } from '../http/route.js';
import { methodsOf } from '../http/route.js';

/**
 * paperbot's HTTP routes (health, readiness, metrics, the queue dashboard) as Bolt custom routes,
 * for when Bolt's own server holds PORT (HTTP mode; Socket Mode opens one too when given routes).
 * Bolt matches with path-to-regexp 8: `{/*rest}` makes a prefix route match everything below it.
 */
export function boltCustomRoutes(routes: readonly HttpRoute[]): CustomRoute[] {
  return routes.map((r) => ({
    path: r.prefix ? `${r.path}{/*rest}` : r.path,
    method: methodsOf(r),
    handler: (req, res) => {
      Promise.resolve()
        .then(() => r.handler(req, res))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    },
  }));
}
