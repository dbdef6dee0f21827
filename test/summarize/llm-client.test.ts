import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatCompletion, LlmError, parseRetryAfter, type LlmClientOptions } from '../../src/summarize/llm-client.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/llm-server.js';

let server: FakeLlmServer;
let waits: number[];

beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});

const MESSAGES = [{ role: 'user' as const, content: 'Title: Test paper\n\nAbstract: We test.' }];

// Real requests over loopback; only the waits between attempts are recorded instead of slept.
function client(extra: Partial<LlmClientOptions> = {}): LlmClientOptions {
  return {
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-secret-123',
    model: 'fake-1',
    timeoutMs: 2_000,
    maxAttempts: 3,
    retryBaseMs: 100,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return e as LlmError;
  }
  throw new Error('expected the call to fail');
}

beforeEach(() => {
  server.requests.length = 0;
  waits = [];
  server.otherwise({ kind: 'ok', content: 'A default answer.' });
});

describe('chatCompletion against a loopback OpenAI-compatible server', () => {
  it('posts model and messages to {base}/chat/completions with the bearer key', async () => {
    server.script({ kind: 'ok', content: 'We propose X.' });
    const r = await chatCompletion(client(), MESSAGES, { temperature: 0, maxTokens: 50 });
    expect(r).toMatchObject({ content: 'We propose X.', attempts: 1, model: 'fake-1' });
    const req = server.requests[0];
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test-secret-123');
    expect(req.body).toMatchObject({ model: 'fake-1', messages: MESSAGES, temperature: 0, max_tokens: 50 });
  });

  it('sends no Authorization header without a key, and tolerates a trailing slash', async () => {
    await chatCompletion(client({ apiKey: undefined, baseUrl: `${server.baseUrl}/` }), MESSAGES);
    expect(server.requests[0].path).toBe('/v1/chat/completions');
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('waits Retry-After seconds on 429, then retries', async () => {
    server.script({ kind: 'rate-limit', retryAfter: '2' }, { kind: 'ok', content: 'After the wait.' });
    const r = await chatCompletion(client(), MESSAGES);
    expect(r).toMatchObject({ content: 'After the wait.', attempts: 2 });
    expect(waits).toEqual([2_000]);
    expect(server.requests).toHaveLength(2);
  });

  it('caps a long Retry-After', async () => {
    server.script({ kind: 'rate-limit', retryAfter: '3600' }, { kind: 'ok', content: 'Capped.' });
    await chatCompletion(client({ maxRetryAfterMs: 5_000 }), MESSAGES);
    expect(waits).toEqual([5_000]);
  });

  it('reads an HTTP-date Retry-After', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('backs off exponentially on 5xx and succeeds', async () => {
    server.script({ kind: 'error', status: 500 }, { kind: 'error', status: 503 }, { kind: 'ok', content: 'Third time.' });
    const r = await chatCompletion(client(), MESSAGES);
    expect(r.attempts).toBe(3);
    expect(waits).toHaveLength(2);
    // base 100 ms then 200 ms, each with jitter in [50%, 100%]
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('gives up after maxAttempts with the last error', async () => {
    server.otherwise({ kind: 'error', status: 500 });
    const e = await failure(chatCompletion(client(), MESSAGES));
    expect(e).toMatchObject({ kind: 'http', status: 500, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on a 429 that never clears', async () => {
    server.otherwise({ kind: 'rate-limit', retryAfter: '1' });
    const e = await failure(chatCompletion(client(), MESSAGES));
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, attempts: 3 });
    expect(waits).toEqual([1_000, 1_000]);
  });

  it('times out a slow answer and retries', async () => {
    server.script({ kind: 'slow', delayMs: 5_000 }, { kind: 'ok', content: 'Fast now.' });
    const r = await chatCompletion(client({ timeoutMs: 200 }), MESSAGES);
    expect(r).toMatchObject({ content: 'Fast now.', attempts: 2 });
  });

  it('reports a timeout when every attempt is slow', async () => {
    server.otherwise({ kind: 'slow', delayMs: 5_000 });
    const e = await failure(chatCompletion(client({ timeoutMs: 150, maxAttempts: 2 }), MESSAGES));
    expect(e).toMatchObject({ kind: 'timeout', attempts: 2 });
  });

  it('retries a dropped connection', async () => {
    server.script({ kind: 'drop' }, { kind: 'ok', content: 'Reconnected.' });
    const r = await chatCompletion(client(), MESSAGES);
    expect(r).toMatchObject({ content: 'Reconnected.', attempts: 2 });
  });

  it('reports a network error when nothing listens', async () => {
    const e = await failure(chatCompletion(client({ baseUrl: 'http://127.0.0.1:9/v1', maxAttempts: 2 }), MESSAGES));
    expect(e).toMatchObject({ kind: 'network', attempts: 2 });
  });

  it('does not retry garbage JSON', async () => {
    server.script({ kind: 'garbage' });
    const e = await failure(chatCompletion(client(), MESSAGES));
    expect(e).toMatchObject({ kind: 'bad_response', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry JSON without choices[0].message.content', async () => {
    server.script({ kind: 'garbage', body: '{"choices": []}' });
    const e = await failure(chatCompletion(client(), MESSAGES));
    expect(e.kind).toBe('bad_response');
  });

  it('does not retry a 401, and never puts the key in the error', async () => {
    server.script({ kind: 'error', status: 401, body: '{"error":"bad key sk-test-secret-123"}' });
    const e = await failure(chatCompletion(client(), MESSAGES));
    expect(e).toMatchObject({ kind: 'http', status: 401, attempts: 1 });
    expect(e.message).not.toContain('sk-test-secret-123');
    expect(server.requests).toHaveLength(1);
  });

  it('stops when cancelled', async () => {
    server.script({ kind: 'slow', delayMs: 5_000 });
    const ac = new AbortController();
    const p = chatCompletion(client({ signal: ac.signal }), MESSAGES);
    setTimeout(() => ac.abort(), 50);
    const e = await failure(p);
    expect(e.kind).toBe('aborted');
  });
});
