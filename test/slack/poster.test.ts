// The jobs layer's Poster for Slack, and threaded channel posts (publish), against the loopback fake.
import { createServer, type AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientPoster } from '../../adapters/slack/post.js';
import { createSlackPoster } from '../../adapters/slack/poster.js';
import type { App } from '../../src/app.js';
import { toCard } from '../../src/reply/cards.js';
import type { Reply } from '../../src/reply/reply.js';
import { postedMessages } from '../../src/db/schema.js';
import { PermanentPostError, PostOutcomeUnknownError, RateLimitedError, TransientPostError, type Poster } from '../../src/delivery/poster.js';
import { publish, publishReply } from '../../src/delivery/publish.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { getPapers } from '../../src/papers/store.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { sampleApp } from '../helpers/app.js';

let fake: FakeSlack;
let core: App;
let poster: Poster;
let cards: ReturnType<typeof toCard>[];

beforeAll(async () => {
  fake = await startFakeSlack();
  core = await sampleApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl }, false);
  poster = createSlackPoster(core);
  const added = await core.addPapers(
    Array.from({ length: 8 }, (_, i) =>
      normalizePaper({
        id: `2401.0000${i}`,
        title: `Paper ${i} on language models & <things>`,
        abstract: `We study language models, variant ${i}. Accuracy improves by ${i + 1}%.`,
        authors: ['A. Author', 'B. Author'],
      }),
    ),
  );
  cards = (await getPapers(core.db, added.results.map((r) => r.id))).map((p) => toCard(p));
});

afterAll(async () => {
  await core?.close();
  await fake?.close();
});

afterEach(() => expect(fake.problems).toEqual([]));

const to = (channelId: string) => ({ platform: 'slack', workspaceId: 'T1', channelId });
const header: Reply = { text: '*Today in #ml*: 2 papers', cards: [], actions: [], visibility: 'channel' };
const one = (i: number): Reply => ({ text: '', cards: [cards[i]], actions: [], visibility: 'channel' });

async function recorded(channelId: string) {
  return core.db.select().from(postedMessages).where(and(eq(postedMessages.platform, 'slack'), eq(postedMessages.channelId, channelId)));
}

describe('createSlackPoster', () => {
  it('published: a header, then one paper per message in its thread; only the one-paper messages are recorded', async () => {
    const head = await publish(core, poster, { to: to('CDIGEST'), reply: header });
    expect(head.threadId).toBe(head.messageId);
    const a = await publish(core, poster, { to: to('CDIGEST'), reply: one(0), threadId: head.threadId });
    const b = await publish(core, poster, { to: to('CDIGEST'), reply: one(1), threadId: head.threadId });
    expect(a.threadId).toBe(head.messageId);

    const posts = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CDIGEST');
    expect(posts.map((p) => p.body.thread_ts ?? null)).toEqual([null, head.messageId, head.messageId]);
    expect(posts.every((p) => p.body.unfurl_links === 'false')).toBe(true);
    expect(posts[1].body.text).toBe(cards[0].title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));

    const rows = await recorded('CDIGEST');
    expect(rows.map((r) => [r.messageId, r.paperId, r.threadId, r.workspaceId]).sort()).toEqual(
      [
        [a.messageId, cards[0].paperId, head.messageId, 'T1'],
        [b.messageId, cards[1].paperId, head.messageId, 'T1'],
      ].sort(),
    );
  });

  it('hands a 429 to the jobs layer as RateLimitedError with Retry-After, without retrying itself', async () => {
    fake.rateLimitNext('chat.postMessage', 7);
    const before = fake.callsTo('chat.postMessage').length;
    const err = await poster.post({ to: to('CRL'), reply: one(0) }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7_000);
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
    expect(await recorded('CRL')).toEqual([]);
  });

  it('5xx and network failures are transient; a gone channel, a removed bot or bad auth are permanent', async () => {
    fake.failNext('chat.postMessage', { status: 503 });
    await expect(poster.post({ to: to('C5XX'), reply: header })).rejects.toBeInstanceOf(TransientPostError);
    fake.failNext('chat.postMessage', { error: 'internal_error' });
    await expect(poster.post({ to: to('C5XX'), reply: header })).rejects.toBeInstanceOf(TransientPostError);

    for (const error of ['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_blocks']) {
      fake.channelErrors.set(`CGONE_${error}`, error);
      const e = await poster.post({ to: to(`CGONE_${error}`), reply: header }).catch((x) => x);
      expect(e).toBeInstanceOf(PermanentPostError);
      expect(e.message).toContain(error);
    }

    const badToken = createSlackPoster({ ...core, config: { ...core.config, SLACK_BOT_TOKEN: 'xoxb-revoked' } });
    const e = await badToken.post({ to: to('C1'), reply: header }).catch((x) => x);
    expect(e).toBeInstanceOf(PermanentPostError);
    expect(e.message).toContain('invalid_auth');
    expect(e.message).not.toContain('xoxb-revoked');

    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const nowhere = createSlackPoster({ ...core, config: { ...core.config, SLACK_API_URL: `http://127.0.0.1:${closed}/api/` } });
    await expect(nowhere.post({ to: to('C1'), reply: header })).rejects.toBeInstanceOf(TransientPostError);
  });

  it('no answer is neither transient nor permanent: the message may have been posted', async () => {
    const quick = createSlackPoster(core, { timeoutMs: 300 });
    fake.failNext('chat.postMessage', { hang: true });
    const e = await quick.post({ to: to('CHANG'), reply: header }).catch((x) => x);
    expect(e).toBeInstanceOf(PostOutcomeUnknownError);
    expect(e).not.toBeInstanceOf(TransientPostError);
    expect(e).not.toBeInstanceOf(PermanentPostError);
  });

  it('attaches the idempotency key as message metadata', async () => {
    await poster.post({ to: to('CKEY'), reply: header, idempotencyKey: 'paperbot-digest-7-h' });
    const [call] = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CKEY');
    expect(JSON.parse(call.body.metadata)).toEqual({ event_type: 'paperbot_post', event_payload: { key: 'paperbot-digest-7-h' } });
  });

  it('keeps any reply inside Block Kit limits', async () => {
    const many: Reply = { text: 'x'.repeat(10_000), cards: Array.from({ length: 40 }, (_, i) => ({ ...cards[i % cards.length], paperId: `p${i}` })), actions: [], visibility: 'channel' };
    const r = await poster.post({ to: to('CBIG'), reply: many });
    expect(r.messageId).toMatch(/^\d+\.\d+$/);
    const [call] = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CBIG');
    expect(call.status).toBe(200);
    expect(call.body.blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('publishReply (a digest-shaped reply posted from a command)', () => {
  it('posts a header and each paper in its thread, recording each paper message', async () => {
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl });
    const reply: Reply = { text: 'Digest for #papers', cards: cards.slice(0, 3), actions: [], visibility: 'channel', layout: 'thread' };
    const ids = await publishReply(core, clientPoster(client), to('CTHREAD'), reply);
    expect(ids).toHaveLength(4);
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CTHREAD');
    expect(posts[0].body.thread_ts).toBeUndefined();
    expect(posts.slice(1).map((p) => p.body.thread_ts)).toEqual([ids[0], ids[0], ids[0]]);
    expect((await recorded('CTHREAD')).map((r) => r.paperId).sort()).toEqual(cards.slice(0, 3).map((c) => c.paperId).sort());
  });
});
