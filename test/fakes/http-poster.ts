// A Poster for the loopback fake platform, used in-process and by worker child processes.
import { PermanentPostError, RateLimitedError, TransientPostError, type Destination, type Poster, type PostedMessageRef } from '../../src/delivery/poster.js';

export const FAKE_PLATFORM = 'fake';

/** The fake's channel key: workspace/channel. */
export const fakeChannel = (to: Pick<Destination, 'workspaceId' | 'channelId'>) => `${to.workspaceId}/${to.channelId}`;

export function createHttpPoster(baseUrl: string, options: { platform?: string; timeoutMs?: number } = {}): Poster {
  const timeout = options.timeoutMs ?? 10_000;
  return {
    platform: options.platform ?? FAKE_PLATFORM,
    async post({ to, reply, threadId, idempotencyKey }): Promise<PostedMessageRef> {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/post`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ channel: fakeChannel(to), text: reply.text, paperId: reply.cards[0]?.paperId ?? null, threadId: threadId ?? null, key: idempotencyKey ?? null }),
          signal: AbortSignal.timeout(timeout),
        });
      } catch (e) {
        throw new TransientPostError(`fake platform unreachable: ${(e as Error).message}`);
      }
      const json = (await res.json().catch(() => ({}))) as { id?: string; threadId?: string; error?: string };
      if (res.status === 429) {
        const scope = res.headers.get('x-ratelimit-global') === 'true' ? 'global' : 'channel';
        throw new RateLimitedError(Number(res.headers.get('retry-after') ?? 1) * 1000, undefined, scope);
      }
      if (res.status >= 500) throw new TransientPostError(`fake platform ${res.status}`);
      if (!res.ok || !json.id) throw new PermanentPostError(`fake platform ${res.status}: ${json.error ?? 'no id'}`);
      return { messageId: json.id, threadId: json.threadId ?? json.id };
    },
    async findPosted(to, key) {
      const res = await fetch(`${baseUrl}/find?channel=${encodeURIComponent(fakeChannel(to))}&key=${encodeURIComponent(key)}`, { signal: AbortSignal.timeout(timeout) });
      if (res.status === 404) return null;
      if (!res.ok) throw new TransientPostError(`fake platform ${res.status} on find`);
      const json = (await res.json()) as { id: string; threadId?: string };
      return { messageId: json.id, threadId: json.threadId ?? json.id };
    },
  };
}

/** The same Poster without findPosted: a platform that cannot be asked what it has. */
export function withoutFind(p: Poster): Poster {
  return { platform: p.platform, post: (m) => p.post(m) };
}
