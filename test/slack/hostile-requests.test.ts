// Slack's door under hostile and broken requests: the real Bolt app over HTTP behind the request
// guard, against the loopback fake Slack Web API. Nothing here may crash the process, run work
// twice or make the server read what a stranger sends.
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../adapters/platforms.js';
import { GUARD_LIMITS, SERVER_LIMITS } from '../../adapters/slack/request-guard.js';
import { startSlack, type SlackRuntime } from '../../adapters/slack/start.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { ACTION } from '../../adapters/slack/blocks.js';
import { buttonBody, commandBody, eventBody, postSigned, reactionEvent, slackSignature, uniqueId, type Who } from '../helpers/slack-sign.js';

const SECRET = 'hostile-signing-secret';
let fake: FakeSlack;
let core: App;
let rt: SlackRuntime;
let port: number;
let events: string;
const lines: string[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({ DATABASE_URL: 'memory://', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl }, PLATFORMS);
  core = await createApp(config, { seed: true, syncIntervalMs: 0, log: createLogger('debug', sink, { secrets: [] }) });
  rt = await startSlack(core, { port: 0, host: '127.0.0.1', requestLimits: { bodyTimeoutMs: 300 as number } as never, clientOptions: { retryConfig: { retries: 0 } } });
  port = rt.port!;
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await rt?.stop();
  await core?.close();
  await fake?.close();
});

const who = (): Who => ({ teamId: uniqueId('T'), userId: uniqueId('U'), channelId: uniqueId('C').toUpperCase() });
const logged = (re: RegExp) => lines.filter((l) => re.test(l));

async function command(w: Who, text: string, opts: { body?: string; timestamp?: number } = {}) {
  const id = uniqueId('r');
  const body = opts.body ?? commandBody(w, text, fake.responseUrl(id));
  const res = await postSigned(events, SECRET, body, 'form', { timestamp: opts.timestamp });
  await rt.slack.queue.idle();
  return { ...res, body, answers: () => fake.calls.filter((c) => c.responseId === id) };
}

/** A raw HTTP request on a socket of its own; resolves with the status line and when it came. */
function rawRequest(head: string, body: Buffer | null, o: { dribble?: boolean } = {}): Promise<{ status: number; ms: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      if (body && !o.dribble) socket.write(body);
      if (body && o.dribble) socket.write(body.subarray(0, 10));
    });
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) resolve({ status: Number(m[1]), ms: Date.now() - started, socket });
    });
    socket.on('error', () => {});
    socket.on('close', () => (got ? undefined : reject(new Error('closed without an answer'))));
  });
}

function signedHead(body: string | null, o: { length?: number; chunked?: boolean; signature?: string } = {}): string {
  const ts = Math.floor(Date.now() / 1000);
  const sig = o.signature ?? slackSignature(SECRET, ts, body ?? '');
  const size = o.chunked ? 'transfer-encoding: chunked' : `content-length: ${o.length ?? Buffer.byteLength(body ?? '')}`;
  return `POST /slack/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-slack-request-timestamp: ${ts}\r\nx-slack-signature: ${sig}\r\n${size}\r\n\r\n`;
}

describe('signed but malformed bodies', () => {
  it('get a 400 and a log line each; the process stays up and answers the next request', async () => {
    const bodies: Array<[string, 'form' | 'json']> = [
      ['payload=null', 'form'],
      ['payload=%5B%5D', 'form'],
      ['payload=%22text%22', 'form'],
      ['payload=42', 'form'],
      ['payload=%7B%7D', 'form'],
      ['payload=%7B%7D&payload=%7B%7D', 'form'],
      ['payload=%7Bnot-json', 'form'],
      ['null', 'json'],
      ['[{"type":"event_callback"}]', 'json'],
      ['"event_callback"', 'json'],
    ];
    const before = logged(/signed but malformed/).length;
    for (const [body, kind] of bodies) expect([body, (await postSigned(events, SECRET, body, kind)).status]).toEqual([body, 400]);
    expect(logged(/signed but malformed/).length - before).toBe(bodies.length);
    expect((await command(who(), 'help')).answers()).toHaveLength(1);
  });
});

describe('timestamps', () => {
  it('refuses a signed request from the future beyond 60 s; a little skew is fine', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const ahead of [600, 365 * 86_400, 61 + 5]) {
      const r = await command(who(), 'help', { timestamp: now + ahead });
      expect([ahead, r.status, r.answers().length]).toEqual([ahead, 401, 0]);
    }
    expect(logged(/in the future/).length).toBeGreaterThanOrEqual(3);
    const ok = await command(who(), 'help', { timestamp: now + 30 });
    expect(ok.status).toBe(200);
    expect(ok.answers()).toHaveLength(1);
  });
});

describe('replays', () => {
  it('runs a replayed command (same body and signature) once, and answers the replay 200', async () => {
    const w = who();
    const id = uniqueId('r');
    const body = commandBody(w, 'help', fake.responseUrl(id));
    const ts = Math.floor(Date.now() / 1000);
    const sig = slackSignature(SECRET, ts, body);
    for (let i = 0; i < 3; i++) expect((await postSigned(events, SECRET, body, 'form', { timestamp: ts, signature: sig })).status).toBe(200);
    await rt.slack.queue.idle();
    expect(fake.calls.filter((c) => c.responseId === id)).toHaveLength(1);
    // the same command typed again is a new request (new timestamp, new signature) and runs again
    await postSigned(events, SECRET, body, 'form', { timestamp: ts - 1 });
    await rt.slack.queue.idle();
    expect(fake.calls.filter((c) => c.responseId === id)).toHaveLength(2);
  });

  it('publishes App Home once for one event_id delivered three times (Slack retries)', async () => {
    const w = who();
    const body = eventBody(w.teamId, { type: 'app_home_opened', user: w.userId, channel: 'D1', tab: 'home' });
    const before = fake.callsTo('views.publish').filter((c) => c.body.user_id === w.userId).length;
    for (let i = 0; i < 3; i++) {
      // each retry is signed anew, as Slack does
      const r = await postSigned(events, SECRET, body, 'json', { timestamp: Math.floor(Date.now() / 1000) - i });
      expect(r.status).toBe(200);
    }
    await rt.slack.queue.idle();
    expect(fake.callsTo('views.publish').filter((c) => c.body.user_id === w.userId).length - before).toBe(1);
  });
});

describe('early refusal', () => {
  it('refuses a declared 4 MB body at the headers, without reading it', async () => {
    const r = await rawRequest(signedHead(null, { length: 4 * 1024 * 1024 }), null);
    expect(r.status).toBe(413);
    r.socket.destroy();
  });

  it('refuses a chunked body once it passes the cap, and stops reading it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const before = logged(/body over/).length;
    // The server hangs up mid-upload: the client sees the 413 or, as often, a reset.
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(signedHead(null, { chunked: true }));
        const send = () => {
          if (socket.destroyed) return;
          socket.write(`${chunk.length.toString(16)}\r\n`);
          socket.write(chunk);
          socket.write('\r\n', () => setImmediate(send));
        };
        send();
      });
      socket.on('data', (d) => resolve(/^HTTP\/1\.1 (\d{3})/.exec(d.toString())?.[1] ?? 'garbled'));
      socket.on('error', () => resolve('reset'));
      socket.on('close', () => resolve('closed'));
    });
    expect(['413', 'reset', 'closed']).toContain(answer);
    expect(logged(/body over/).length - before).toBe(1);
  });

  it('refuses an unsigned request before reading its body', async () => {
    const head = `POST /slack/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n`;
    const r = await rawRequest(head, null);
    expect(r.status).toBe(401);
    r.socket.destroy();
  });

  it('gives up on a body that does not arrive in time', async () => {
    const body = '{"type":"event_callback","event_id":"Ev1"}';
    const r = await rawRequest(signedHead(body), Buffer.from(body), { dribble: true });
    expect(r.status).toBe(408);
    expect(r.ms).toBeLessThan(5_000);
    expect(logged(/body not complete within/).length).toBeGreaterThanOrEqual(1);
  });

  it('caps well below Bolt\'s 4 MB and runs header and request timeouts shorter than Node\'s 60 s', () => {
    expect(GUARD_LIMITS.maxBodyBytes).toBeLessThanOrEqual(256 * 1024);
    const server = (rt.slack.receiver as unknown as { server: { headersTimeout: number; requestTimeout: number } }).server;
    expect(server.headersTimeout).toBe(SERVER_LIMITS.headersTimeout);
    expect(server.headersTimeout).toBeLessThan(60_000);
    expect(server.requestTimeout).toBeLessThan(60_000);
  });
});

describe('request ids', () => {
  it('a button press and a reaction carry a request id on their log lines, as commands do', async () => {
    const w = who();
    fake.failNext('chat.postMessage', { status: 500 }, 3);
    await postSigned(events, SECRET, buttonBody(w, { actionId: ACTION.share, value: 'lora' }, fake.responseUrl(uniqueId('r'))), 'form');
    await postSigned(events, SECRET, eventBody(w.teamId, reactionEvent(true, { user: w.userId, reaction: 'bookmark', channel: w.channelId, ts: '1700000000.000100' })), 'json');
    await rt.slack.queue.idle();
    const of = (msg: string) => lines.map((l) => JSON.parse(l) as { msg: string; reqId?: string; workspace?: string }).filter((l) => l.msg === msg);
    const failed = of('slack request failed').filter((l) => l.workspace === w.teamId);
    expect(failed).toHaveLength(1);
    expect(failed[0].reqId).toMatch(/^[0-9a-f-]{36}$/);
    const reaction = of('bookmark reaction').filter((l) => (l as { workspace?: string }).workspace === w.teamId);
    expect(reaction).toHaveLength(1);
    expect(reaction[0].reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
