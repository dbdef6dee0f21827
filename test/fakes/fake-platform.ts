// A loopback chat platform for delivery tests and the digest bench: records every message posted
// (with its idempotency key, so a duplicate is visible), enforces a per-channel rate limit the way
// Slack does (429 + Retry-After), and fails calls on demand or at a rate.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../bench/seeded-random.js';

export interface FakeMessage {
  id: string;
  /** workspace/channel */
  channel: string;
  key: string | null;
  paperId: string | null;
  text: string;
  threadId: string | null;
  at: number;
}

export interface Fault {
  /** 403: refused for good (the bot was removed from the channel). */
  status: 403 | 429 | 500 | 503;
  /** Seconds, for 429. */
  retryAfterS?: number;
  /** For 429: the limit is global, every channel must wait (Discord's X-RateLimit-Global). */
  global?: boolean;
  /** Only calls to this channel (workspace/channel); default any. */
  channel?: string;
}

export interface FakePlatformOptions {
  /** Minimum gap between two accepted posts to one channel (default 1000 ms: Slack's ~1/s). 0 = off. */
  minIntervalMs?: number;
  /** Share of post calls answered with a random 429 or 500 (default 0). */
  faultRate?: number;
  /** Seed for the fault dice, so a run can be repeated. */
  seed?: number;
  /** Delay before each answer (ms), to widen the in-flight window. */
  latencyMs?: number;
}

export interface Hold {
  /** Resolves once a matching post has been recorded and its answer is being held. */
  held: Promise<FakeMessage>;
  /** Answer it now (if the client is still there). */
  release(): void;
}

export interface FakePlatform {
  url: string;
  messages: FakeMessage[];
  calls: { posts: number; finds: number; rateLimited: number; failed: number };
  /** Every 429/5xx answered, in order. */
  rejections: Array<{ channel: string; status: number; retryAfterS: number | null; at: number }>;
  /** Answer the next matching post calls with these faults, in order (nothing is recorded for them). */
  failNext(...faults: Fault[]): void;
  /** Record the next matching post, then hold its answer until released: "posted, answer lost". */
  holdNext(match?: (m: FakeMessage) => boolean): Hold;
  /** (channel, key) pairs posted more than once. */
  duplicates(): Array<{ channel: string; key: string; count: number }>;
  /** Resolves when at least n messages have been recorded. */
  waitForMessages(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startFakePlatform(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const minInterval = options.minIntervalMs ?? 1000;
  // Seeded, so fault runs are reproducible.
  const dice = seededRandom(options.seed ?? 1);
  const messages: FakeMessage[] = [];
  const byKey = new Map<string, FakeMessage>();
  const lastAccepted = new Map<string, number>();
  const forced: Fault[] = [];
  const holds: Array<{ match: (m: FakeMessage) => boolean; onHeld: (m: FakeMessage) => void; released: Promise<void> }> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const calls = { posts: 0, finds: 0, rateLimited: 0, failed: 0 };
  let seq = 0;

  const rejections: FakePlatform['rejections'] = [];
  const fault = (res: ServerResponse, f: Fault, channel: string) => {
    rejections.push({ channel, status: f.status, retryAfterS: f.status === 429 ? (f.retryAfterS ?? 1) : null, at: Date.now() });
    if (f.status === 429) {
      calls.rateLimited++;
      send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(f.retryAfterS ?? 1), ...(f.global && { 'x-ratelimit-global': 'true' }) });
    } else if (f.status === 403) {
      calls.failed++;
      send(res, 403, { ok: false, error: 'missing_access' });
    } else {
      calls.failed++;
      send(res, f.status, { ok: false, error: 'internal_error' });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (req.method === 'GET' && url.pathname === '/find') {
        calls.finds++;
        const m = byKey.get(`${url.searchParams.get('channel')}\u0000${url.searchParams.get('key')}`);
        return m ? send(res, 200, { ok: true, id: m.id, threadId: m.threadId ?? m.id }) : send(res, 404, { ok: false, error: 'not_found' });
      }
      if (req.method !== 'POST' || url.pathname !== '/post') return send(res, 404, { ok: false, error: 'unknown_method' });
      calls.posts++;
      const b = await body(req);
      const channel = String(b.channel ?? '');
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const i = forced.findIndex((f) => !f.channel || f.channel === channel);
      if (i >= 0) return fault(res, forced.splice(i, 1)[0], channel);
      if (options.faultRate && dice() < options.faultRate) return fault(res, dice() < 0.5 ? { status: 429, retryAfterS: 1 } : { status: 500 }, channel);
      const now = Date.now();
      const last = lastAccepted.get(channel);
      if (minInterval > 0 && last !== undefined && now - last < minInterval) {
        return fault(res, { status: 429, retryAfterS: Math.max(1, Math.ceil((minInterval - (now - last)) / 1000)) }, channel);
      }
      lastAccepted.set(channel, now);
      const m: FakeMessage = {
        id: `M${++seq}`,
        channel,
        key: typeof b.key === 'string' ? b.key : null,
        paperId: typeof b.paperId === 'string' ? b.paperId : null,
        text: String(b.text ?? ''),
        threadId: typeof b.threadId === 'string' ? b.threadId : null,
        at: now,
      };
      messages.push(m);
      if (m.key && !byKey.has(`${channel}\u0000${m.key}`)) byKey.set(`${channel}\u0000${m.key}`, m);
      for (const w of waiters.splice(0)) (messages.length >= w.n ? w.resolve() : waiters.push(w));
      const h = holds.findIndex((x) => x.match(m));
      if (h >= 0) {
        const hold = holds.splice(h, 1)[0];
        hold.onHeld(m);
        await hold.released;
      }
      if (!res.destroyed) send(res, 200, { ok: true, id: m.id, threadId: m.threadId ?? m.id });
    } catch (e) {
      if (!res.headersSent) send(res, 400, { ok: false, error: String(e) });
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    calls,
    rejections,
    failNext: (...faults) => void forced.push(...faults),
    holdNext(match = () => true) {
      let release!: () => void;
      let onHeld!: (m: FakeMessage) => void;
      const released = new Promise<void>((r) => (release = r));
      const held = new Promise<FakeMessage>((r) => (onHeld = r));
      holds.push({ match, onHeld, released });
      return { held, release };
    },
    duplicates() {
      const counts = new Map<string, number>();
      for (const m of messages) if (m.key) counts.set(`${m.channel}\u0000${m.key}`, (counts.get(`${m.channel}\u0000${m.key}`) ?? 0) + 1);
      return [...counts].filter(([, n]) => n > 1).map(([k, count]) => {
        const [channel, key] = k.split('\u0000');
        return { channel, key, count };
      });
    },
    waitForMessages(n, timeoutMs = 30_000) {
      if (messages.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`only ${messages.length} of ${n} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    async close() {
      for (const h of holds.splice(0)) h.onHeld({} as FakeMessage);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
