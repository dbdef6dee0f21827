// A minimal OpenAI-compatible chat-completions client on fetch. Hand-written rather than the
// `openai` SDK: we need one endpoint, and our own retry rules (Retry-After on 429 with a cap,
// backoff on 5xx/timeouts/network errors, nothing else retried) are easier to see and test here.

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmClientOptions {
  /** e.g. https://api.example.com/v1 ; the client POSTs to {baseUrl}/chat/completions */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Per attempt, covering the response body too. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** First backoff after a 5xx, timeout or network error; doubles each time, with jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Longest Retry-After honored; a longer one is cut to this. */
  maxRetryAfterMs?: number;
  /** Cancels waiting and the request in flight (shutdown). */
  signal?: AbortSignal;
  /** How to wait between attempts (tests record the waits instead of sleeping). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type LlmErrorKind = 'timeout' | 'network' | 'rate_limited' | 'http' | 'bad_response' | 'aborted';

/** A failed completion. The message never holds the API key. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface Completion {
  content: string;
  attempts: number;
  /** The model that answered, as the server names it. */
  model: string | null;
}

export const LLM_DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 4,
  retryBaseMs: 1_000,
  retryMaxMs: 20_000,
  maxRetryAfterMs: 60_000,
};

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

type Attempt = { ok: true; completion: Omit<Completion, 'attempts'> } | { ok: false; retry: boolean; waitMs?: number; error: LlmError };

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

async function attempt(options: Required<Pick<LlmClientOptions, 'baseUrl' | 'model' | 'timeoutMs'>> & LlmClientOptions, body: string): Promise<Attempt> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const fail = (kind: LlmErrorKind, message: string, retry: boolean, status?: number, waitMs?: number): Attempt => ({
    ok: false,
    retry,
    waitMs,
    error: new LlmError(kind, redact(message, options.apiKey), 0, status),
  });

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method: 'POST', headers, body, signal });
    text = await response.text();
  } catch (e) {
    if (options.signal?.aborted) return fail('aborted', 'request cancelled', false);
    if (timeout.aborted) return fail('timeout', `no complete answer within ${options.timeoutMs} ms`, true);
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    return fail('network', `network error: ${cause}`, true);
  }

  if (response.status === 429) {
    return fail('rate_limited', 'rate limited (429)', true, 429, parseRetryAfter(response.headers.get('retry-after')) ?? undefined);
  }
  if (response.status >= 500 || response.status === 408) {
    return fail('http', `server error ${response.status}`, true, response.status);
  }
  if (!response.ok) {
    return fail('http', `request refused: ${response.status} ${text.replace(/\s+/g, ' ').slice(0, 200)}`, false, response.status);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('bad_response', `answer is not JSON: ${JSON.stringify(text.slice(0, 80))}`, false, response.status);
  }
  const choice = (json as { choices?: Array<{ message?: { content?: unknown } }> })?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') return fail('bad_response', 'answer has no choices[0].message.content string', false, response.status);
  const model = (json as { model?: unknown }).model;
  return { ok: true, completion: { content, model: typeof model === 'string' ? model : null } };
}

/**
 * One chat completion, retried on 5xx, timeouts and network errors (exponential backoff with
 * jitter) and on 429 after its Retry-After (capped). Other failures are not retried.
 * Throws LlmError.
 */
export async function chatCompletion(
  client: LlmClientOptions,
  messages: ChatMessage[],
  params: { temperature?: number; maxTokens?: number } = {},
): Promise<Completion> {
  const options = { ...LLM_DEFAULTS, ...client };
  const sleep = options.sleep ?? defaultSleep;
  const body = JSON.stringify({
    model: options.model,
    messages,
    temperature: params.temperature ?? 0.2,
    max_tokens: params.maxTokens ?? 120,
    stream: false,
  });
  const attempts = Math.max(1, options.maxAttempts);
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) throw new LlmError('aborted', 'request cancelled', n - 1);
    const result = await attempt(options, body);
    if (result.ok) return { ...result.completion, attempts: n };
    if (!result.retry || n >= attempts) throw new LlmError(result.error.kind, result.error.message, n, result.error.status);
    const backoff = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** (n - 1));
    const wait = result.waitMs !== undefined ? Math.min(result.waitMs, options.maxRetryAfterMs) : backoff * (0.5 + Math.random() * 0.5);
    try {
      await sleep(Math.round(wait), options.signal);
    } catch {
      throw new LlmError('aborted', 'request cancelled', n);
    }
  }
}
