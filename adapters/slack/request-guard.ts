// The door in front of Bolt's HTTPReceiver for Slack's requests (commands, buttons, events).
// Bolt reads a body of up to 4 MB in full before it checks the signature, and lets a body it cannot
// use reach code that throws outside any handler. Here, in order: the signature headers and the
// timestamp before any body is read, a size cap and a read deadline while it is read, the signature
// the moment it is complete, then the body's shape and replays, and only then Bolt.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../../src/log.js';
import type { SeenKeys } from './seen-keys.js';

export const GUARD_LIMITS = {
  // Slack's largest requests are button presses that carry the whole message (50 blocks) or modal
  // view (100 blocks): tens of KB. 256 KB leaves ample room and bounds 100 stalled bodies at 25 MB.
  maxBodyBytes: 256 * 1024,
  // Slack sends a body at once; a body still coming after this is a client holding a socket.
  bodyTimeoutMs: 10_000,
  // Slack's rule is five minutes old at most; a clock ahead of ours by more than a minute is not Slack.
  maxAgeSeconds: 300,
  maxFutureSeconds: 60,
  // Slack retries an unanswered event for up to about an hour; a replay is refused for as long as
  // its timestamp is accepted, which is all a signature replay can use.
  replayTtlMs: 5 * 60_000,
  eventReplayTtlMs: 60 * 60_000,
} as const;

/** Node's own timeouts for the server in front of Bolt (its defaults are 60 s for headers, 300 s a request). */
export const SERVER_LIMITS = { headersTimeout: 10_000, requestTimeout: 15_000, connectionsCheckingInterval: 1_000 } as const;

export interface RequestGuardOptions {
  signingSecret: string;
  /** The paths Bolt takes Slack's POSTs on (`/slack/events`). */
  paths: readonly string[];
  log: Logger;
  seen: SeenKeys;
  limits?: Partial<typeof GUARD_LIMITS>;
  now?: () => number;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type Refusal = { status: number; why: string };

/** Refuse and hang up: the client may still be sending, and its bytes are not worth reading. */
function refuse(req: IncomingMessage, res: ServerResponse, r: Refusal, log: Logger): void {
  log.warn({ status: r.status, path: req.url, remote: req.socket.remoteAddress }, `slack request refused: ${r.why}`);
  if (!res.headersSent) res.writeHead(r.status, { connection: 'close', 'content-length': 0 });
  res.end(() => req.socket.destroy());
  req.resume();
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** What can be judged before one byte of the body is read. */
function checkHeaders(req: IncomingMessage, limits: typeof GUARD_LIMITS, nowSec: number): Refusal | null {
  const signature = header(req, 'x-slack-signature');
  const ts = header(req, 'x-slack-request-timestamp');
  if (!signature || !ts) return { status: 401, why: 'no signature headers' };
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return { status: 401, why: 'malformed signature' };
  if (!/^\d{1,12}$/.test(ts)) return { status: 401, why: 'malformed timestamp' };
  const age = nowSec - Number(ts);
  if (age > limits.maxAgeSeconds) return { status: 401, why: `timestamp ${age} s old (more than ${limits.maxAgeSeconds} s)` };
  if (-age > limits.maxFutureSeconds) return { status: 401, why: `timestamp ${-age} s in the future (more than ${limits.maxFutureSeconds} s)` };
  const length = header(req, 'content-length');
  if (length !== undefined && Number(length) > limits.maxBodyBytes) return { status: 413, why: `body of ${length} bytes (limit ${limits.maxBodyBytes})` };
  return null;
}

/** The body, or a refusal: too large while arriving, or not complete in time. */
function readBody(req: IncomingMessage, limits: typeof GUARD_LIMITS): Promise<Buffer | Refusal> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (r: Buffer | Refusal) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError);
      resolve(r);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBodyBytes) {
        chunks.length = 0;
        finish({ status: 413, why: `body over ${limits.maxBodyBytes} bytes` });
      } else chunks.push(c);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onError = () => finish({ status: 400, why: 'body read failed' });
    const timer = setTimeout(() => finish({ status: 408, why: `body not complete within ${limits.bodyTimeoutMs} ms` }), limits.bodyTimeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function signatureMatches(secret: string, ts: string, body: Buffer, signature: string): boolean {
  const ours = createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest();
  const theirs = Buffer.from(signature.slice(3), 'hex');
  return theirs.length === ours.length && timingSafeEqual(theirs, ours);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The body as Bolt will parse it (form-encoded, with or without a JSON `payload`; else JSON),
 * or why it cannot be used: Bolt must only ever see an object.
 */
export function parseSlackBody(contentType: string | undefined, body: string): { body: Record<string, unknown> } | { why: string } {
  try {
    // Bolt takes form encoding only under this exact content type, and JSON otherwise.
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(body);
      if (form.payload === undefined) return { body: form };
      if (typeof form.payload !== 'string') return { why: 'several payload fields' };
      const payload: unknown = JSON.parse(form.payload);
      if (!isObject(payload)) return { why: `payload is ${payload === null ? 'null' : Array.isArray(payload) ? 'an array' : typeof payload}, not an object` };
      if (typeof payload.type !== 'string') return { why: 'payload has no type' };
      return { body: payload };
    }
    const json: unknown = JSON.parse(body);
    return isObject(json) ? { body: json } : { why: 'JSON body is not an object' };
  } catch {
    return { why: 'body is not valid JSON' };
  }
}

/** The key a replay of this request shares: the event for Events API callbacks, else the signature. */
function replayKey(body: Record<string, unknown>, signature: string, limits: typeof GUARD_LIMITS): { key: string; ttlMs: number } {
  if (body.type === 'event_callback' && typeof body.event_id === 'string') return { key: `slack-event:${body.event_id}`, ttlMs: limits.eventReplayTtlMs };
  return { key: `slack-sig:${signature.slice(3)}`, ttlMs: limits.replayTtlMs };
}

/**
 * Bolt's request listener behind the guard. Other paths (OAuth, health, custom routes) go straight
 * through, synchronously, so Bolt's own routing and its "not found" still apply.
 */
export function guardSlackRequests(inner: Listener, o: RequestGuardOptions): Listener {
  const limits = { ...GUARD_LIMITS, ...o.limits };
  const now = o.now ?? Date.now;
  const paths = new Set(o.paths);

  const guarded = async (req: IncomingMessage, res: ServerResponse) => {
    const early = checkHeaders(req, limits, Math.floor(now() / 1000));
    if (early) return refuse(req, res, early, o.log);
    const read = await readBody(req, limits);
    if (!Buffer.isBuffer(read)) return refuse(req, res, read, o.log);
    const signature = header(req, 'x-slack-signature')!;
    if (!signatureMatches(o.signingSecret, header(req, 'x-slack-request-timestamp')!, read, signature)) {
      return refuse(req, res, { status: 401, why: 'signature mismatch' }, o.log);
    }
    const parsed = parseSlackBody(header(req, 'content-type'), read.toString('utf8'));
    if ('why' in parsed) return refuse(req, res, { status: 400, why: `signed but malformed: ${parsed.why}` }, o.log);
    const { key, ttlMs } = replayKey(parsed.body, signature, limits);
    if (!(await o.seen.claim(key, ttlMs))) {
      // Slack retries what it thinks we missed: say "got it" without doing it twice.
      o.log.info({ key: key.slice(0, 40), retry: header(req, 'x-slack-retry-num') }, 'slack request already taken; answered without running it again');
      res.writeHead(200, { 'content-length': 0 });
      return res.end();
    }
    // Bolt reads `rawBody` when it is there instead of the (now consumed) stream.
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = read;
    inner(req, res);
  };

  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !paths.has(path)) return inner(req, res);
    guarded(req, res).catch((err: unknown) => {
      o.log.error({ err }, 'slack request failed before reaching the app');
      if (!res.headersSent) res.writeHead(500, { 'content-length': 0 });
      res.end();
    });
  };
}
