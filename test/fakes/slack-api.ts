// A loopback fake of the far side of Slack: the Web API (the methods paperbot calls),
// response_url endpoints, and a Socket Mode WebSocket. Real clients (Bolt, WebClient,
// SocketModeClient) talk to it over HTTP/WS on 127.0.0.1; it records every call and checks
// every Block Kit payload it receives against Slack's limits. Messages posted with
// chat.postMessage are kept, with their metadata, and served back by conversations.history and
// conversations.replies (newest first / thread order, `oldest`, `limit`, cursor paging).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkBlockKitLimits } from '../../adapters/slack/blocks.js';

export interface FakeCall {
  /** Web API method (`chat.postMessage`), or `response_url`. */
  method: string;
  /** For response_url calls: the id in /respond/<id>. */
  responseId?: string;
  /** The bearer token used (Authorization header or `token` field). */
  token: string | null;
  body: Record<string, any>;
  status: number;
  /** What the fake answered. */
  response?: Record<string, any>;
  /** performance.now() when it arrived. */
  at: number;
}

/** A message chat.postMessage stored, as history serves it back. */
export interface FakeMessage {
  channel: string;
  ts: string;
  /** Set on thread replies: the parent's ts. */
  thread_ts?: string;
  text: string;
  user: string;
  bot_id: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface Identity {
  teamId: string;
  botUserId: string;
  botId: string;
  enterpriseId?: string;
}

export interface FakeSlackOptions {
  /** Bot tokens the fake accepts, and whose they are. */
  tokens?: Record<string, Identity>;
  /** oauth.v2.access answers by code. */
  oauthCodes?: Record<string, Record<string, unknown>>;
  /** App-level tokens accepted by apps.connections.open. */
  appTokens?: string[];
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  calls: FakeCall[];
  /** Block Kit limit violations seen in any payload, with the method. */
  problems: string[];
  responseUrl(id: string): string;
  callsTo(method: string): FakeCall[];
  /** Answer the next `times` calls of `method` (those `only` picks, e.g. a second page) with 429 and Retry-After. */
  rateLimitNext(method: string, retryAfterSec: number, times?: number, only?: (body: Record<string, any>) => boolean): void;
  /**
   * Answer the next calls of `method` with an HTTP status or a platform error, or never (`hang`).
   * `afterHandling`: do the work first (store the message), then fail or hang anyway, as a
   * request whose answer is lost after Slack acted on it.
   */
  failNext(method: string, failure: { status?: number; error?: string; hang?: boolean; afterHandling?: boolean }, times?: number): void;
  /** chat.postMessage to this channel always fails with this platform error. */
  channelErrors: Map<string, string>;
  /** conversations.history / conversations.replies on this channel fail with this error (missing_scope, not_in_channel). */
  historyErrors: Map<string, string>;
  /** Messages stored by chat.postMessage, oldest first. */
  messages: FakeMessage[];
  messagesIn(channel: string): FakeMessage[];
  /** The most a history page returns whatever `limit` asks (Slack: 999; 15 for non-Marketplace apps since 2025). */
  historyLimitCap: number;
  waitFor(pred: (c: FakeCall) => boolean, timeoutMs?: number): Promise<FakeCall>;
  socket: {
    /** Envelope acks the Socket Mode client sent back. */
    acks: Array<{ envelope_id: string; payload?: unknown }>;
    send(envelope: Record<string, unknown>): void;
    connected(): Promise<void>;
  };
  close(): Promise<void>;
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url']);

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw);
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (k === 'blocks' || k === 'view' || k === 'attachments') && /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const tokens = options.tokens ?? { 'xoxb-test-token': { teamId: 'T1', botUserId: 'UBOT', botId: 'BBOT' } };
  const appTokens = new Set(options.appTokens ?? ['xapp-test-token']);
  const calls: FakeCall[] = [];
  const problems: string[] = [];
  const rateLimits = new Map<string, { retryAfter: number; times: number; only?: (body: Record<string, any>) => boolean }>();
  const failures = new Map<string, { status?: number; error?: string; hang?: boolean; afterHandling?: boolean; times: number }>();
  const channelErrors = new Map<string, string>();
  const historyErrors = new Map<string, string>();
  const messages: FakeMessage[] = [];
  const waiters: Array<{ pred: (c: FakeCall) => boolean; resolve: (c: FakeCall) => void }> = [];
  // Slack's ts: the time in seconds with microseconds, unique and increasing per channel.
  let lastMicros = 0;
  const nextTs = () => {
    lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  };
  const tsNum = (ts: string) => Number(ts);

  const record = (c: FakeCall) => {
    calls.push(c);
    for (const w of [...waiters]) {
      if (w.pred(c)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(c);
      }
    }
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  function checkPayload(method: string, body: Record<string, any>): string[] {
    const found: string[] = [];
    if (MESSAGE_METHODS.has(method)) {
      if (body.blocks !== undefined) found.push(...checkBlockKitLimits(body.blocks, { maxBlocks: 50 }));
      if (typeof body.text === 'string' && body.text.length > 40_000) found.push('text longer than 40,000 characters');
      if (!body.delete_original && body.blocks === undefined && !body.text) found.push('message has neither text nor blocks');
    }
    if (method === 'views.publish') {
      const view = typeof body.view === 'string' ? JSON.parse(body.view) : body.view;
      found.push(...checkBlockKitLimits(view?.blocks, { maxBlocks: 100 }));
    }
    return found.map((p) => `${method}: ${p}`);
  }

  type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

  function api(method: string, body: Record<string, any>, token: string | null): Answer {
    const rl = rateLimits.get(method);
    if (rl && rl.times > 0 && (!rl.only || rl.only(body))) {
      rl.times--;
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(rl.retryAfter) } };
    }
    const f = failures.get(method);
    if (f && f.times > 0 && !f.hang) {
      f.times--;
      if (f.afterHandling) handle(method, body, token);
      if (f.status) return { status: f.status, body: { ok: false, error: 'fake_http_error' } };
      return { status: 200, body: { ok: false, error: f.error ?? 'fake_error' } };
    }
    return handle(method, body, token);
  }

  /** A history message as Slack serves it; metadata only when asked for (include_all_metadata). */
  function historyMessage(m: FakeMessage, withMetadata: boolean) {
    const replies = messages.filter((r) => r.channel === m.channel && r.thread_ts === m.ts).length;
    return {
      type: 'message',
      user: m.user,
      bot_id: m.bot_id,
      text: m.text,
      ts: m.ts,
      ...(m.thread_ts ? { thread_ts: m.thread_ts, parent_user_id: m.user } : replies ? { thread_ts: m.ts, reply_count: replies } : {}),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    };
  }

  /** One page of `list` from the cursor (an offset, encoded as Slack's opaque cursors are). */
  function page(list: FakeMessage[], body: Record<string, any>): Answer {
    const limit = Math.min(Math.max(1, Number(body.limit ?? 100) || 100), fake.historyLimitCap);
    const offset = body.cursor ? Number(Buffer.from(String(body.cursor), 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
    const slice = list.slice(offset, offset + limit);
    const hasMore = offset + limit < list.length;
    const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
    return {
      status: 200,
      body: {
        ok: true,
        messages: slice.map((m) => historyMessage(m, withMetadata)),
        has_more: hasMore,
        response_metadata: { next_cursor: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' },
      },
    };
  }

  /** Messages of a channel inside `oldest`/`latest` (exclusive unless `inclusive`). */
  function inWindow(body: Record<string, any>) {
    const inclusive = body.inclusive === true || body.inclusive === 'true';
    const oldest = body.oldest ? tsNum(String(body.oldest)) : -Infinity;
    const latest = body.latest ? tsNum(String(body.latest)) : Infinity;
    return (m: FakeMessage) =>
      m.channel === body.channel && (inclusive ? tsNum(m.ts) >= oldest && tsNum(m.ts) <= latest : tsNum(m.ts) > oldest && tsNum(m.ts) < latest);
  }

  function handle(method: string, body: Record<string, any>, token: string | null): Answer {
    const found = checkPayload(method, body);
    if (found.length) {
      problems.push(...found);
      return { status: 200, body: { ok: false, error: 'invalid_blocks', errors: found } };
    }
    if (method === 'oauth.v2.access') {
      const answer = options.oauthCodes?.[body.code];
      return { status: 200, body: answer ? { ok: true, ...answer } : { ok: false, error: 'invalid_code' } };
    }
    if (method === 'apps.connections.open') {
      if (!token || !appTokens.has(token)) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      return { status: 200, body: { ok: true, url: `${fake.url.replace(/^http/, 'ws')}/socket` } };
    }
    const who = token ? tokens[token] : undefined;
    if (!who) return { status: 200, body: { ok: false, error: token ? 'invalid_auth' : 'not_authed' } };
    switch (method) {
      case 'auth.test':
        return {
          status: 200,
          body: { ok: true, url: 'https://fake.slack.test/', team: 'Fake', team_id: who.teamId, user: 'paperbot', user_id: who.botUserId, bot_id: who.botId, enterprise_id: who.enterpriseId },
        };
      case 'chat.postMessage': {
        const err = channelErrors.get(body.channel);
        if (err) return { status: 200, body: { ok: false, error: err } };
        const ts = nextTs();
        const metadata = typeof body.metadata === 'string' ? JSON.parse(body.metadata) : body.metadata;
        messages.push({
          channel: body.channel,
          ts,
          ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}),
          text: body.text ?? '',
          user: who.botUserId,
          bot_id: who.botId,
          ...(metadata ? { metadata } : {}),
        });
        return { status: 200, body: { ok: true, channel: body.channel, ts, message: { type: 'message', user: who.botUserId, bot_id: who.botId, text: body.text, ts } } };
      }
      case 'conversations.history': {
        const err = historyErrors.get(body.channel);
        if (err) return { status: 200, body: { ok: false, error: err } };
        // Top-level messages (thread parents included, replies not), newest first.
        const list = messages.filter((m) => !m.thread_ts && inWindow(body)(m)).reverse();
        return page(list, body);
      }
      case 'conversations.replies': {
        const err = historyErrors.get(body.channel);
        if (err) return { status: 200, body: { ok: false, error: err } };
        const parent = messages.find((m) => m.channel === body.channel && m.ts === String(body.ts));
        if (!parent) return { status: 200, body: { ok: false, error: 'thread_not_found' } };
        // The parent first, then its replies, oldest first.
        const list = [parent, ...messages.filter((m) => m.channel === body.channel && m.thread_ts === parent.ts)].filter(inWindow(body));
        return page(list, body);
      }
      case 'chat.postEphemeral':
        return { status: 200, body: { ok: true, message_ts: nextTs() } };
      case 'chat.update':
        return { status: 200, body: { ok: true, channel: body.channel, ts: body.ts } };
      case 'views.publish':
        return { status: 200, body: { ok: true, view: { id: 'V1', ...(typeof body.view === 'string' ? JSON.parse(body.view) : body.view) } } };
      case 'team.info':
        return { status: 200, body: { ok: true, team: { id: who.teamId, name: 'Fake', domain: 'fake' } } };
      case 'users.info':
        return { status: 200, body: { ok: true, user: { id: body.user, team_id: who.teamId, tz: 'Europe/Berlin' } } };
      case 'conversations.info':
        return { status: 200, body: { ok: true, channel: { id: body.channel, name: 'general', is_member: true } } };
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const at = performance.now();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: Record<string, any>;
    try {
      body = parseBody(raw, req.headers['content-type']);
    } catch {
      return json(res, 400, { ok: false, error: 'invalid_json' });
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof body.token === 'string' ? body.token : null;

    const respond = path.match(/^\/respond\/([^/]+)$/);
    if (respond && req.method === 'POST') {
      const found = checkPayload('response_url', body);
      problems.push(...found);
      const status = found.length ? 400 : 200;
      record({ method: 'response_url', responseId: respond[1], token, body, status, at });
      return found.length ? json(res, status, { ok: false, error: 'invalid_blocks', errors: found }) : json(res, 200, { ok: true });
    }
    const m = path.match(/^\/api\/([\w.]+)$/);
    if (!m) return json(res, 404, { ok: false, error: 'not_found' });
    const hang = failures.get(m[1]);
    if (hang?.hang && hang.times > 0) {
      // Took the request, never answers (until close): the client cannot know what happened.
      hang.times--;
      const done = hang.afterHandling ? handle(m[1], body, token) : undefined;
      record({ method: m[1], token, body, status: 0, response: done?.body, at });
      return;
    }
    const out = api(m[1], body, token);
    record({ method: m[1], token, body, status: out.status, response: out.body, at });
    json(res, out.status, out.body, out.headers);
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((e) => json(res, 500, { ok: false, error: String(e) }));
  });

  // Socket Mode: hello on connect, then whatever envelopes the test sends.
  const wss = new WebSocketServer({ server, path: '/socket' });
  const sockets = new Set<WebSocket>();
  const acks: Array<{ envelope_id: string; payload?: unknown }> = [];
  let onConnected: () => void = () => {};
  let connected = new Promise<void>((r) => (onConnected = r));
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('message', (data) => {
      try {
        const msg = JSON.parse(String(data));
        if (msg.envelope_id) acks.push(msg);
      } catch {
        // not ours to judge
      }
    });
    ws.on('close', () => {
      sockets.delete(ws);
      connected = new Promise<void>((r) => (onConnected = r));
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
    onConnected();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    url,
    apiUrl: `${url}/api/`,
    calls,
    problems,
    channelErrors,
    historyErrors,
    messages,
    messagesIn: (channel) => messages.filter((m) => m.channel === channel),
    historyLimitCap: 999,
    responseUrl: (id) => `${url}/respond/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    rateLimitNext: (method, retryAfter, times = 1, only) => void rateLimits.set(method, { retryAfter, times, only }),
    failNext: (method, failure, times = 1) => void failures.set(method, { ...failure, times }),
    waitFor(pred, timeoutMs = 10_000) {
      const hit = calls.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (c: FakeCall) => (clearTimeout(t), resolve(c)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    socket: {
      acks,
      send(envelope) {
        for (const ws of sockets) ws.send(JSON.stringify(envelope));
      },
      connected: () => (sockets.size ? Promise.resolve() : connected),
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return fake;
}
