import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './listen-loopback.js';

/** What the fake does with one chat-completions request. */
export type LlmBehavior =
  | { kind: 'ok'; content: string; model?: string }
  | { kind: 'rate-limit'; retryAfter?: string }
  | { kind: 'error'; status?: number; body?: string }
  | { kind: 'slow'; delayMs: number; content?: string }
  | { kind: 'garbage'; body?: string; status?: number }
  | { kind: 'drop' };

export interface LlmRequest {
  path: string;
  method: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    [k: string]: unknown;
  } | null;
  rawBody: string;
}

export interface FakeLlmServer {
  /** The LLM_BASE_URL to configure (…/v1). */
  baseUrl: string;
  requests: LlmRequest[];
  /** Most requests in flight at the same moment since start (bounded concurrency checks). */
  maxInFlight: number;
  /** Queue behaviors for the next requests, one each, in order. */
  script(...behaviors: LlmBehavior[]): void;
  /** What to do once the script is used up (default: ok with a TL;DR naming the paper's title). */
  otherwise(behavior: LlmBehavior | ((req: LlmRequest) => LlmBehavior)): void;
  close(): Promise<void>;
}

function titleOf(req: LlmRequest): string {
  const user = req.body?.messages?.find((m) => m.role === 'user')?.content ?? '';
  return user.match(/^Title: (.*)$/m)?.[1] ?? 'this paper';
}

const defaultBehavior = (req: LlmRequest): LlmBehavior => ({ kind: 'ok', content: `An LLM summary of ${titleOf(req)}.` });

function completion(content: string, model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });
}

/**
 * The far side of the wire for the LLM summarizer: an OpenAI-compatible `POST /v1/chat/completions`
 * on 127.0.0.1 with an ephemeral port, whose answer to each request is scripted: a reply, 429
 * with Retry-After, 500, a stall past the client's timeout, garbage JSON, a dropped connection.
 */
export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const queue: LlmBehavior[] = [];
  let fallback: LlmBehavior | ((req: LlmRequest) => LlmBehavior) = defaultBehavior;
  const requests: LlmRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;

  const state = {
    maxInFlight: 0,
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: LlmRequest['body'] = null;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = null;
      }
      const rec: LlmRequest = { path: req.url ?? '/', method: req.method ?? 'GET', headers: req.headers, body, rawBody };
      requests.push(rec);
      if (rec.method !== 'POST' || !rec.path.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          inFlight--;
        }
      };
      res.on('close', finish);
      const b = queue.shift() ?? (typeof fallback === 'function' ? fallback(rec) : fallback);
      const model = typeof body?.model === 'string' ? body.model : 'fake-model';
      const json = (status: number, text: string, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
      switch (b.kind) {
        case 'ok':
          return json(200, completion(b.content, b.model ?? model));
        case 'rate-limit':
          return json(429, '{"error":{"message":"rate limited","type":"rate_limit"}}', b.retryAfter === undefined ? {} : { 'retry-after': b.retryAfter });
        case 'error':
          return json(b.status ?? 500, b.body ?? '{"error":{"message":"internal error"}}');
        case 'garbage':
          return json(b.status ?? 200, b.body ?? '{"choices": [ {"message": oops');
        case 'drop':
          req.socket.destroy();
          return finish();
        case 'slow': {
          const t = setTimeout(() => {
            timers.delete(t);
            if (!res.destroyed) json(200, completion(b.content ?? 'A late answer.', model));
          }, b.delayMs);
          timers.add(t);
          return;
        }
      }
    });
  });
  const listener = await listenOnLoopback(server);

  return {
    baseUrl: `http://127.0.0.1:${listener.port}/v1`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    script(...behaviors) {
      queue.push(...behaviors);
    },
    otherwise(behavior) {
      fallback = behavior;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      await listener.close();
    },
  };
}
