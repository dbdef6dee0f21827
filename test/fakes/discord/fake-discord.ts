// A loopback fake of Discord: enough REST and gateway protocol for the real discord.js client.
// REST under /api/v10 (what @discordjs/rest calls when `api` is http://127.0.0.1:port/api) and the
// gateway over WebSocket (JSON encoding, no compression: discord.js only asks for zlib-stream when
// the optional zlib-sync package is installed, and it is not). Every request and gateway frame is
// recorded for assertions. Nothing here imports discord.js: it is the far side of the wire.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import { formErrors } from './limits.js';
import {
  channelObject,
  commandOptions,
  guildCreate,
  interactionBase,
  member,
  messageObject,
  snowflake,
  snowflakeTime,
  user,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  type StoredMessage,
} from './payloads.js';

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. /channels/123/messages */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** JSON body (or payload_json of a multipart body). */
  body: any;
  files: Array<{ name: string; size: number; text: string }>;
  status: number;
  at: number;
}

export interface GatewayFrame {
  dir: 'in' | 'out';
  connection: number;
  op: number;
  t?: string | null;
  s?: number | null;
  d: any;
  at: number;
}

interface Injected {
  method: string;
  path: RegExp;
  times: number;
  /** Do the work (e.g. store the message), then answer with the failure anyway, as a 5xx from a proxy can. */
  afterHandling?: boolean;
  /** Never answer (until close): the client cannot know whether the work was done. */
  hang?: boolean;
  respond: () => { status: number; headers?: Record<string, string>; body?: unknown };
}

interface Session {
  id: string;
  seq: number;
  /** Dispatches of this session, kept for replay on RESUME. */
  sent: Array<{ op: 0; t: string; s: number; d: unknown }>;
}

interface Connection {
  n: number;
  ws: WebSocket;
  url: string;
  session: Session | null;
}

interface InteractionState {
  id: string;
  token: string;
  guildId: string;
  channelId: string;
  type: number;
  acknowledged: boolean;
  original: StoredMessage | null;
  originalDeleted: boolean;
}

export interface FakeDiscordOptions {
  token: string;
  heartbeatIntervalMs?: number;
  guilds?: Array<{ name: string; channels: string[] }>;
}

const NONCE_WINDOW_MS = 5 * 60_000;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers });
  res.end(text);
};

export class FakeDiscord {
  readonly token: string;
  readonly appId = snowflake();
  readonly bot: FakeUser = user('paperbot', true);
  readonly guilds: FakeGuild[];
  readonly requests: RecordedRequest[] = [];
  readonly frames: GatewayFrame[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly commands = { global: [] as any[], guild: new Map<string, any[]>() };
  readonly connectionUrls: string[] = [];
  /** Channels the bot may not post in (403 Missing Access). */
  readonly forbiddenChannels = new Set<string>();
  readonly heartbeatIntervalMs: number;

  private server: Server;
  private wss = new WebSocketServer({ noServer: true });
  private port = 0;
  private injected: Injected[] = [];
  private interactions = new Map<string, InteractionState>();
  private sessions = new Map<string, Session>();
  private current: Connection | null = null;
  private connectionCount = 0;

  constructor(options: FakeDiscordOptions) {
    this.token = options.token;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1_000;
    const owner = snowflake();
    this.guilds = (options.guilds ?? [
      { name: 'Lab A', channels: ['papers', 'general', 'random'] },
      { name: 'Lab B', channels: ['papers'] },
    ]).map((g) => {
      const id = snowflake();
      return { id, name: g.name, ownerId: owner, channels: g.channels.map((name) => ({ id: snowflake(), guildId: id, name })) };
    });
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== '/gateway' && path !== '/gateway-resume') return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req.url ?? ''));
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get resumeGatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway-resume`;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- test controls

  /** Answer the next `times` matching requests with a 429 (Discord's headers and body). */
  rateLimitNext(method: string, path: RegExp, retryAfterSeconds: number, times = 1, global = false): void {
    const bucket = randomBytes(16).toString('hex');
    this.injected.push({
      method,
      path,
      times,
      respond: () => ({
        status: 429,
        headers: {
          'Retry-After': String(Math.ceil(retryAfterSeconds)),
          'X-RateLimit-Limit': '5',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': String((Date.now() / 1000 + retryAfterSeconds).toFixed(3)),
          'X-RateLimit-Reset-After': retryAfterSeconds.toFixed(3),
          'X-RateLimit-Bucket': bucket,
          'X-RateLimit-Scope': global ? 'global' : 'user',
          ...(global && { 'X-RateLimit-Global': 'true' }),
        },
        body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
      }),
    });
  }

  /** Answer the next `times` matching requests with `status` (e.g. 503); `afterHandling` does the work first. */
  failNext(method: string, path: RegExp, status: number, times = 1, afterHandling = false): void {
    this.injected.push({ method, path, times, afterHandling, respond: () => ({ status, body: { message: `${status}: fake failure`, code: 0 } }) });
  }

  /** Take the next `times` matching requests and never answer them; `afterHandling` (default) does the work first. */
  hangNext(method: string, path: RegExp, times = 1, afterHandling = true): void {
    this.injected.push({ method, path, times, afterHandling, hang: true, respond: () => ({ status: 0 }) });
  }

  /** A message someone else wrote in a channel (history for look-ups to page through). */
  addMessage(channelId: string, author: FakeUser, content: string): StoredMessage {
    const c = this.findChannel(channelId);
    if (!c) throw new Error(`no channel ${channelId}`);
    return this.storeMessage({ channel_id: c.id, guild_id: c.guildId, author, content, embeds: [], components: [], flags: 0, type: 0 });
  }

  /** Drop the gateway socket without a close frame, as a network failure would. */
  dropConnection(): void {
    this.current?.ws.terminate();
    this.current = null;
  }

  get connected(): boolean {
    return this.current !== null && this.current.session !== null;
  }

  gatewayFramesIn(op?: number): GatewayFrame[] {
    return this.frames.filter((f) => f.dir === 'in' && (op === undefined || f.op === op));
  }

  /** The last sequence number the gateway sent in the current session. */
  get lastSequence(): number {
    return this.current?.session?.seq ?? [...this.sessions.values()].at(-1)?.seq ?? 0;
  }

  get sessionId(): string | undefined {
    return [...this.sessions.values()].at(-1)?.id;
  }

  /** Send a dispatch (op 0). While the client is away it is kept, and replayed on RESUME. */
  dispatch(t: string, d: unknown): number {
    const session = this.current?.session ?? [...this.sessions.values()].at(-1);
    if (!session) throw new Error('no gateway session yet');
    const payload = { op: 0 as const, t, s: ++session.seq, d };
    session.sent.push(payload);
    if (this.current?.session === session) this.send(this.current, payload);
    return payload.s;
  }

  newUser(name: string): FakeUser {
    return user(name);
  }

  channel(guild = 0, channel = 0): { guild: FakeGuild; channel: FakeChannel } {
    const g = this.guilds[guild];
    return { guild: g, channel: g.channels[channel] };
  }

  /** INTERACTION_CREATE for `/papers <subcommand> [options]` (type 2, APPLICATION_COMMAND, CHAT_INPUT). */
  slashCommand(o: { guild: FakeGuild; channel: FakeChannel; user: FakeUser; subcommand: string; options?: Record<string, string | number | boolean> }): { id: string; token: string } {
    const base = interactionBase({ appId: this.appId, ...o });
    const options = commandOptions(o.options ?? {});
    const registered = this.commands.guild.get(o.guild.id)?.find((c) => c.name === 'papers') ?? this.commands.global.find((c) => c.name === 'papers');
    const d = {
      ...base,
      type: 2,
      data: {
        id: registered?.id ?? snowflake(),
        name: 'papers',
        type: 1,
        ...(this.commands.guild.has(o.guild.id) && { guild_id: o.guild.id }),
        options: [{ type: 1, name: o.subcommand, ...(options.length && { options }) }],
      },
    };
    this.track(d, o.guild, o.channel);
    this.dispatch('INTERACTION_CREATE', d);
    return { id: d.id, token: d.token };
  }

  /** INTERACTION_CREATE for a button press (type 3, MESSAGE_COMPONENT, component_type 2) on a message. */
  button(o: { guild: FakeGuild; channel: FakeChannel; user: FakeUser; customId: string; message: StoredMessage }): { id: string; token: string } {
    const base = interactionBase({ appId: this.appId, ...o });
    const d = { ...base, type: 3, data: { custom_id: o.customId, component_type: 2 }, message: messageObject(o.message) };
    this.track(d, o.guild, o.channel);
    this.dispatch('INTERACTION_CREATE', d);
    return { id: d.id, token: d.token };
  }

  /** MESSAGE_REACTION_ADD (guild form: with member). */
  reactionAdd(o: { guild: FakeGuild; channel: FakeChannel; user: FakeUser; messageId: string; emoji?: string }): number {
    return this.dispatch('MESSAGE_REACTION_ADD', {
      user_id: o.user.id,
      type: 0,
      message_id: o.messageId,
      message_author_id: this.messages.get(o.messageId)?.author.id ?? this.bot.id,
      member: member(o.user),
      emoji: { id: null, name: o.emoji ?? '🔖' },
      channel_id: o.channel.id,
      burst: false,
      guild_id: o.guild.id,
      burst_colors: [],
    });
  }

  /** MESSAGE_REACTION_REMOVE (no member object, as Discord sends it). */
  reactionRemove(o: { guild: FakeGuild; channel: FakeChannel; user: FakeUser; messageId: string; emoji?: string }): number {
    return this.dispatch('MESSAGE_REACTION_REMOVE', {
      user_id: o.user.id,
      type: 0,
      message_id: o.messageId,
      emoji: { id: null, name: o.emoji ?? '🔖' },
      channel_id: o.channel.id,
      burst: false,
      guild_id: o.guild.id,
    });
  }

  /** The original response message of an interaction (after its callback and edits). */
  original(token: string): StoredMessage | null {
    return this.interactions.get(token)?.original ?? null;
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Poll until `fn` returns something truthy (the client works asynchronously). */
  async waitFor<T>(fn: () => T | null | undefined | false, what = 'condition', timeoutMs = 5_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Wait for the edit (PATCH @original) that answers an interaction. */
  waitForEdit(token: string): Promise<RecordedRequest> {
    return this.waitFor(() => this.requests.find((r) => r.method === 'PATCH' && r.path.includes(`/${token}/messages/@original`) && r.status === 200), 'the interaction edit');
  }

  // ---------------------------------------------------------------- gateway

  private send(c: Connection, payload: { op: number; t?: string | null; s?: number | null; d: unknown }): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    this.frames.push({ dir: 'out', connection: c.n, op: payload.op, t: payload.t ?? null, s: payload.s ?? null, d: payload.d, at: Date.now() });
    c.ws.send(JSON.stringify({ t: null, s: null, ...payload }));
  }

  private onConnection(ws: WebSocket, url: string): void {
    const c: Connection = { n: ++this.connectionCount, ws, url, session: null };
    this.connectionUrls.push(url);
    this.current = c;
    ws.on('message', (raw) => this.onFrame(c, raw.toString()));
    ws.on('close', () => {
      if (this.current === c) this.current = null;
    });
    this.send(c, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs, _trace: ['["fake-gateway",{"micros":0}]'] } });
  }

  private onFrame(c: Connection, raw: string): void {
    let p: { op: number; d: any };
    try {
      p = JSON.parse(raw);
    } catch {
      c.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    this.frames.push({ dir: 'in', connection: c.n, op: p.op, d: p.d, at: Date.now() });
    switch (p.op) {
      case 1: // HEARTBEAT
        this.send(c, { op: 11, d: null });
        return;
      case 2: // IDENTIFY
        if (c.session) return void c.ws.close(4005, 'Already authenticated.');
        if (p.d?.token !== this.token) return void c.ws.close(4004, 'Authentication failed.');
        return this.ready(c, p.d);
      case 6: {
        // RESUME
        if (p.d?.token !== this.token) return void c.ws.close(4004, 'Authentication failed.');
        const session = this.sessions.get(p.d?.session_id);
        if (!session) return this.send(c, { op: 9, d: false });
        c.session = session;
        for (const e of session.sent) if (e.s > p.d.seq) this.send(c, e);
        this.send(c, { op: 0, t: 'RESUMED', s: ++session.seq, d: { _trace: ['["fake-gateway",{"micros":0}]'] } });
        return;
      }
      default:
        if (!c.session) c.ws.close(4003, 'Not authenticated.');
    }
  }

  private ready(c: Connection, identify: { intents: number; shard?: [number, number] }): void {
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, sent: [] };
    this.sessions.set(session.id, session);
    c.session = session;
    const readyPayload = {
      v: 10,
      user: this.bot,
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeGatewayUrl,
      shard: identify.shard ?? [0, 1],
      application: { id: this.appId, flags: 565248 },
      presences: [],
      private_channels: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['fake'],
      user_settings: {},
      auth: {},
      _trace: ['["fake-gateway",{"micros":0}]'],
    };
    this.dispatch('READY', readyPayload);
    // Guilds arrive as GUILD_CREATE after READY (lazily, as on Discord), carrying their channels.
    for (const g of this.guilds) this.dispatch('GUILD_CREATE', guildCreate(g, this.bot));
  }

  // ---------------------------------------------------------------- REST

  private track(d: { id: string; token: string; type: number }, guild: FakeGuild, channel: FakeChannel): void {
    this.interactions.set(d.token, { id: d.id, token: d.token, guildId: guild.id, channelId: channel.id, type: d.type, acknowledged: false, original: null, originalDeleted: false });
  }

  private findChannel(id: string): FakeChannel | undefined {
    for (const g of this.guilds) for (const c of g.channels) if (c.id === id) return c;
    return undefined;
  }

  private async readBody(req: IncomingMessage): Promise<{ body: any; files: RecordedRequest['files'] }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (!raw.length) return { body: null, files: [] };
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const files: RecordedRequest['files'] = [];
      let body: any = null;
      for (const [key, value] of form.entries()) {
        if (key === 'payload_json') body = JSON.parse(String(value));
        else if (typeof value !== 'string') files.push({ name: value.name, size: value.size, text: await value.text() });
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const m = /^\/api\/v10(\/.*)$/.exec(url.pathname);
    const path = m ? decodeURIComponent(m[1]) : url.pathname;
    const rec: RecordedRequest = { method, path, query: url.searchParams, authorization: req.headers.authorization, body: null, files: [], status: 0, at: Date.now() };
    this.requests.push(rec);
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      json(res, status, body, headers);
    };
    try {
      Object.assign(rec, await this.readBody(req));
      if (!m) return reply(404, { message: '404: Not Found', code: 0 });
      const inject = this.injected.find((i) => i.method === method && i.path.test(path) && i.times > 0);
      if (inject) {
        inject.times -= 1;
        if (inject.afterHandling) this.route(method, path, rec);
        if (inject.hang) return; // rec.status stays 0: no answer
        const r = inject.respond();
        return reply(r.status, r.body, r.headers);
      }
      const out = this.route(method, path, rec);
      const ok = { 'X-RateLimit-Limit': '5', 'X-RateLimit-Remaining': '4', 'X-RateLimit-Reset-After': '1.000', 'X-RateLimit-Bucket': 'b'.repeat(32), 'X-RateLimit-Scope': 'user' };
      return reply(out.status, out.body, out.status < 300 ? ok : {});
    } catch (e) {
      return reply(500, { message: `fake error: ${(e as Error).message}`, code: 0 });
    }
  }

  private needsBot(rec: RecordedRequest): { status: number; body: unknown } | null {
    return rec.authorization === `Bot ${this.token}` ? null : { status: 401, body: { message: '401: Unauthorized', code: 0 } };
  }

  private storeMessage(m: Omit<StoredMessage, 'id' | 'attachments'> & { files?: RecordedRequest['files'] }): StoredMessage {
    const stored: StoredMessage = {
      ...m,
      id: snowflake(),
      attachments: (m.files ?? []).map((f) => ({ id: snowflake(), filename: f.name, size: f.size, url: `https://cdn.example/${f.name}`, proxy_url: `https://cdn.example/${f.name}` })),
    };
    delete (stored as { files?: unknown }).files;
    this.messages.set(stored.id, stored);
    return stored;
  }

  private route(method: string, path: string, rec: RecordedRequest): { status: number; body?: unknown } {
    const body = rec.body ?? {};
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/gateway/bot') {
      return (
        this.needsBot(rec) ?? {
          status: 200,
          body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } },
        }
      );
    }

    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const it = this.interactions.get(m[2]);
      if (!it || it.id !== m[1]) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      if (it.acknowledged) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
      const type = body.type as number;
      if (![4, 5, 6, 7].includes(type)) return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      if (type === 4 || type === 7) {
        const err = formErrors(body.data ?? {}, { requireSomething: true });
        if (err) return { status: 400, body: err };
      }
      it.acknowledged = true;
      if (type === 4 || type === 5) {
        it.original = this.storeMessage({
          channel_id: it.channelId,
          guild_id: it.guildId,
          author: this.bot,
          content: type === 4 ? (body.data?.content ?? '') : '',
          embeds: type === 4 ? (body.data?.embeds ?? []) : [],
          components: type === 4 ? (body.data?.components ?? []) : [],
          flags: (body.data?.flags ?? 0) | (type === 5 ? 128 : 0), // 128 = LOADING while deferred
          type: it.type === 2 ? 20 : 0,
          webhook_id: this.appId,
          application_id: this.appId,
          allowed_mentions: body.data?.allowed_mentions,
        });
      }
      if (rec.query.get('with_response') === 'true') {
        return { status: 200, body: { interaction: { id: it.id, type: it.type }, resource: { type, ...(it.original && { message: messageObject(it.original) }) } } };
      }
      return { status: 204 };
    }

    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/(@original|\d+))?$/.exec(path))) {
      if (m[1] !== this.appId) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const it = this.interactions.get(m[2]);
      if (!it) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const target = m[4] === '@original' ? (it.originalDeleted ? null : it.original) : m[4] ? (this.messages.get(m[4]) ?? null) : undefined;
      if (method === 'POST' && !m[3]) {
        // A follow-up message.
        if (!it.acknowledged) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
        const err = formErrors(body, { requireSomething: rec.files.length === 0 });
        if (err) return { status: 400, body: err };
        const msg = this.storeMessage({
          channel_id: it.channelId,
          guild_id: it.guildId,
          author: this.bot,
          content: body.content ?? '',
          embeds: body.embeds ?? [],
          components: body.components ?? [],
          flags: body.flags ?? 0,
          type: 0,
          webhook_id: this.appId,
          application_id: this.appId,
          allowed_mentions: body.allowed_mentions,
          files: rec.files,
        });
        return { status: 200, body: messageObject(msg) };
      }
      if (!target) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      if (method === 'GET') return { status: 200, body: messageObject(target) };
      if (method === 'DELETE') {
        if (m[4] === '@original') it.originalDeleted = true;
        this.messages.delete(target.id);
        return { status: 204 };
      }
      if (method === 'PATCH') {
        const err = formErrors(body, { requireSomething: false });
        if (err) return { status: 400, body: err };
        if ('content' in body) target.content = body.content ?? '';
        if ('embeds' in body) target.embeds = body.embeds ?? [];
        if ('components' in body) target.components = body.components ?? [];
        if ('allowed_mentions' in body) target.allowed_mentions = body.allowed_mentions;
        if (rec.files.length) target.attachments = rec.files.map((f) => ({ id: snowflake(), filename: f.name, size: f.size }));
        target.flags &= ~128; // no longer loading
        return { status: 200, body: messageObject(target) };
      }
    }

    const denied = this.needsBot(rec);
    if (denied) return denied;

    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      const c = this.findChannel(m[1]);
      return c ? { status: 200, body: channelObject(c) } : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    }

    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      const c = this.findChannel(m[1]);
      if (!c) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      if (this.forbiddenChannels.has(c.id)) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      const err = formErrors(body, { requireSomething: rec.files.length === 0 });
      if (err) return { status: 400, body: err };
      if (body.nonce !== undefined && String(body.nonce).length > 25) {
        return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } } };
      }
      if (body.enforce_nonce && body.nonce !== undefined) {
        // Discord: "checked for uniqueness in the past few minutes"; the earlier message is returned.
        const earlier = [...this.messages.values()].find((x) => x.channel_id === c.id && x.nonce === String(body.nonce) && Date.now() - snowflakeTime(x.id).getTime() < NONCE_WINDOW_MS);
        if (earlier) return { status: 200, body: { ...messageObject(earlier), nonce: earlier.nonce } };
      }
      const ref = body.message_reference as { message_id: string; fail_if_not_exists?: boolean } | undefined;
      const refExists = ref ? this.messages.get(ref.message_id)?.channel_id === c.id : false;
      if (ref && !refExists && ref.fail_if_not_exists !== false) {
        return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } } } };
      }
      const msg = this.storeMessage({
        channel_id: c.id,
        guild_id: c.guildId,
        author: this.bot,
        content: body.content ?? '',
        embeds: body.embeds ?? [],
        components: body.components ?? [],
        flags: body.flags ?? 0,
        type: ref && refExists ? 19 : 0,
        ...(ref && refExists && { message_reference: { type: 0, message_id: ref.message_id, channel_id: c.id, guild_id: c.guildId } }),
        allowed_mentions: body.allowed_mentions,
        files: rec.files,
        ...(body.nonce !== undefined && { nonce: String(body.nonce) }),
      });
      // The nonce comes back in the create response (and MESSAGE_CREATE), never from GET.
      return { status: 200, body: { ...messageObject(msg), ...(msg.nonce !== undefined && { nonce: msg.nonce }) } };
    }

    if (method === 'GET' && path === '/users/@me') return { status: 200, body: this.bot };

    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'GET') {
      // Get Channel Messages: `limit` 1-100 (default 50); with `after`, the `limit` messages right
      // after it; with `before` (or neither), the `limit` right before it (the newest). Always
      // returned newest first, as Discord does. The nonce is never part of these.
      const c = this.findChannel(m[1]);
      if (!c) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      if (this.forbiddenChannels.has(c.id)) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      const limit = Number(rec.query.get('limit') ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }] } } } };
      const inChannel = [...this.messages.values()].filter((x) => x.channel_id === c.id).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      const after = rec.query.get('after');
      const before = rec.query.get('before');
      const picked = after
        ? inChannel.filter((x) => BigInt(x.id) > BigInt(after)).slice(0, limit)
        : inChannel.filter((x) => !before || BigInt(x.id) < BigInt(before)).slice(-limit);
      return { status: 200, body: picked.reverse().map(messageObject) };
    }

    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'GET') {
      const msg = this.messages.get(m[2]);
      return msg && msg.channel_id === m[1] ? { status: 200, body: messageObject(msg) } : { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    }

    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/.exec(path)) && method === 'PUT') {
      const c = this.findChannel(m[1]);
      const msg = this.messages.get(m[2]);
      if (!c || !msg) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      const guild = this.guilds.find((g) => g.id === c.guildId)!;
      // Discord echoes the bot's own reaction back over the gateway.
      setImmediate(() => this.reactionAdd({ guild, channel: c, user: this.bot, messageId: msg.id, emoji: m![3] }));
      return { status: 204 };
    }

    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      if (m[1] !== this.appId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      if (!Array.isArray(body)) return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      const saved = body.map((c: any) => ({ ...c, id: snowflake(), application_id: this.appId, version: snowflake(), ...(m![2] && { guild_id: m![2] }) }));
      if (m[2]) this.commands.guild.set(m[2], saved);
      else this.commands.global = saved;
      return { status: 200, body: saved };
    }

    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  return new FakeDiscord(options).start();
}
