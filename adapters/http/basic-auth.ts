import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpRoute } from './route.js';

// Hashing both sides first makes the comparison constant-time whatever the lengths
// (timingSafeEqual itself needs equal lengths, and a length check would leak the length).
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when the request carries `Authorization: Basic` with exactly this user and password. */
export function basicAuthMatches(req: IncomingMessage, user: string, password: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  const given = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const colon = given.indexOf(':');
  const givenUser = colon >= 0 ? given.slice(0, colon) : '';
  const givenPassword = colon >= 0 ? given.slice(colon + 1) : '';
  // Both compared every time, so a wrong user takes as long as a wrong password.
  const userOk = timingSafeEqual(digest(givenUser), digest(user));
  const passwordOk = timingSafeEqual(digest(givenPassword), digest(password));
  return m !== null && userOk && passwordOk;
}

/** The route behind HTTP basic auth: 401 with a challenge until the right credentials come. */
export function withBasicAuth(route: HttpRoute, user: string, password: string, realm = 'paperbot'): HttpRoute {
  return {
    ...route,
    handler(req, res) {
      if (!basicAuthMatches(req, user, password)) {
        res.writeHead(401, { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"`, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('authentication required\n');
        return;
      }
      return route.handler(req, res);
    },
  };
}

/** True when the request carries `Authorization: Bearer <token>` with exactly this token (constant time). */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && m !== null;
}

/** The route behind a bearer token (how Prometheus scrapes with `authorization.credentials`). */
export function withBearerAuth(route: HttpRoute, token: string): HttpRoute {
  return {
    ...route,
    handler(req, res) {
      if (!bearerMatches(req, token)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="paperbot metrics"', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('authentication required\n');
        return;
      }
      return route.handler(req, res);
    },
  };
}
