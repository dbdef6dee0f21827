// The Slack Poster's findPosted (conversations.history / conversations.replies by message
// metadata) against the loopback fake, and crash recovery through the core's delivery.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPoster } from '../../adapters/slack/poster.js';
import type { App } from '../../src/app.js';
import { ensureChannel, subscribe, updateChannelSettings } from '../../src/channels/channels.js';
import { digestMessages } from '../../src/db/schema.js';
import { PermanentPostError, PostOutcomeUnknownError, RateLimitedError, TransientPostError, type Poster } from '../../src/delivery/poster.js';
import { composeDigest } from '../../src/digest/compose.js';
import { deliverDigestMessage, type DeliverDeps } from '../../src/digest/deliver.js';
import { idempotencyKey, type DigestSlot } from '../../src/digest/digest.js';
import { getDigest, slotNumber } from '../../src/digest/digest-store.js';
import { silentLogger } from '../../src/log.js';
import { paperForMessage } from '../../src/messages/posted-messages.js';
import type { Reply } from '../../src/reply/reply.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { sampleApp } from '../helpers/app.js';

const DATE = '2026-11-28';
let fake: FakeSlack;
let core: App;
let poster: Poster;
/** Gives up on an answer after 1 s: for the calls the fake never answers. */
let impatient: Poster;

beforeAll(async () => {
  fake = await startFakeSlack({
    tokens: {
      'xoxb-test-token': { teamId: 'T1', botUserId: 'UBOT', botId: 'BBOT' },
      // Another app in the same workspace (a staging paperbot, say) posting with the same keys.
      'xoxb-other-app': { teamId: 'T1', botUserId: 'UOTHER', botId: 'BOTHER' },
    },
  });
  core = await sampleApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl });
  poster = createSlackPoster(core);
  impatient = createSlackPoster(core, { timeoutMs: 1_000 });
});

afterAll(async () => {
  await core?.close();
  await fake?.close();
});

afterEach(() => expect(fake.problems).toEqual([]));

const to = (channelId: string) => ({ platform: 'slack', workspaceId: 'T1', channelId });
const text = (t: string): Reply => ({ text: t, cards: [], actions: [], visibility: 'channel' });
const posts = (channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
const keysIn = (channel: string) => fake.messagesIn(channel).map((m) => m.metadata?.event_payload.key ?? null);

describe('findPosted', () => {
  it('finds a top-level message by its metadata key (conversations.history) and a thread reply (conversations.replies)', async () => {
    const head = await poster.post({ to: to('CFIND'), reply: text('header'), idempotencyKey: 'paperbot-digest-1-h' });
    await poster.post({ to: to('CFIND'), reply: text('chatter') });
    const item = await poster.post({ to: to('CFIND'), reply: text('item 1'), threadId: head.messageId, idempotencyKey: 'paperbot-digest-1-1' });
    // A key that merely starts the same way is a different message.
    await poster.post({ to: to('CFIND'), reply: text('item 10'), threadId: head.messageId, idempotencyKey: 'paperbot-digest-1-10' });

    const since = new Date(Date.now() - 60_000);
    expect(await poster.findPosted!(to('CFIND'), 'paperbot-digest-1-h', { since })).toEqual({ messageId: head.messageId, threadId: head.messageId });
    expect(await poster.findPosted!(to('CFIND'), 'paperbot-digest-1-1', { since, threadId: head.messageId })).toEqual({ messageId: item.messageId, threadId: head.messageId });

    const history = fake.callsTo('conversations.history').at(-1)!;
    expect(history.body).toMatchObject({ channel: 'CFIND', include_all_metadata: 'true' });
    // Reads from a little before `since` (clock skew), not the whole channel.
    expect(Number(history.body.oldest)).toBeCloseTo(since.getTime() / 1000 - 300, 0);
    expect(fake.callsTo('conversations.replies').at(-1)!.body).toMatchObject({ channel: 'CFIND', ts: head.messageId, include_all_metadata: 'true' });
  });

  it('returns null when nothing was posted with the key, or only another app did', async () => {
    await poster.post({ to: to('CNONE'), reply: text('unrelated'), idempotencyKey: 'paperbot-digest-2-1' });
    expect(await poster.findPosted!(to('CNONE'), 'paperbot-digest-2-h')).toBeNull();

    const other = createSlackPoster({ ...core, config: { ...core.config, SLACK_BOT_TOKEN: 'xoxb-other-app' } });
    await other.post({ to: to('CNONE'), reply: text('staging header'), idempotencyKey: 'paperbot-digest-3-h' });
    expect(fake.messagesIn('CNONE').map((m) => m.bot_id)).toEqual(['BBOT', 'BOTHER']);
    expect(await poster.findPosted!(to('CNONE'), 'paperbot-digest-3-h')).toBeNull();
    expect(await other.findPosted!(to('CNONE'), 'paperbot-digest-3-h')).not.toBeNull();
  });

  it('pages through history with the cursor (Slack caps pages at 15 for non-Marketplace apps), within a bound', async () => {
    fake.historyLimitCap = 15;
    try {
      const head = await poster.post({ to: to('CBUSY'), reply: text('header'), idempotencyKey: 'paperbot-digest-4-h' });
      for (let i = 0; i < 40; i++) await poster.post({ to: to('CBUSY'), reply: text(`chatter ${i}`) });
      const before = fake.callsTo('conversations.history').length;
      expect(await poster.findPosted!(to('CBUSY'), 'paperbot-digest-4-h')).toMatchObject({ messageId: head.messageId });
      const pages = fake.callsTo('conversations.history').slice(before);
      expect(pages).toHaveLength(3); // newest first: 15 + 15 + the 11 oldest, the header last
      expect(pages[0].body.cursor).toBeUndefined();
      expect(pages[1].body.cursor).toBe(pages[0].response!.response_metadata.next_cursor);

      // Slack allows such apps one history call a minute: a 429 on a later page is waited out in
      // place (starting over would meet it again on the same page), within a budget.
      fake.rateLimitNext('conversations.history', 1, 1, (body) => Boolean(body.cursor));
      const mark = fake.callsTo('conversations.history').length;
      expect(await poster.findPosted!(to('CBUSY'), 'paperbot-digest-4-h')).toMatchObject({ messageId: head.messageId });
      const tries = fake.callsTo('conversations.history').slice(mark);
      expect(tries.map((c) => [c.status, Boolean(c.body.cursor)])).toEqual([[200, false], [429, true], [200, true], [200, true]]);
      expect(tries[2].body.cursor).toBe(tries[1].body.cursor);
      fake.rateLimitNext('conversations.history', 1, 1, (body) => Boolean(body.cursor));
      const brief = createSlackPoster(core, { lookupMaxWaitMs: 500 });
      const limited = await brief.findPosted!(to('CBUSY'), 'paperbot-digest-4-h').catch((x) => x);
      expect(limited).toBeInstanceOf(PermanentPostError);
      expect(limited.message).toMatch(/rate limited on page 2 .* cannot tell/);
      // A 429 on the first page is the jobs layer's to wait out (no worker held).
      fake.rateLimitNext('conversations.history', 30);
      await expect(poster.findPosted!(to('CBUSY'), 'paperbot-digest-4-h')).rejects.toBeInstanceOf(RateLimitedError);

      // More history than the look-up may read: it cannot tell, so it says so rather than "not posted".
      const short = createSlackPoster(core, { lookupMaxPages: 2 });
      const e = await short.findPosted!(to('CBUSY'), 'paperbot-digest-4-h').catch((x) => x);
      expect(e).toBeInstanceOf(PermanentPostError);
      expect(e.message).toMatch(/more than 2 pages .* cannot tell whether paperbot-digest-4-h was posted/);
    } finally {
      fake.historyLimitCap = 999;
    }
  });

  it('maps look-up failures: no scope or no membership cannot be asked (permanent, with the fix); 5xx, no answer and 429 can be asked later', async () => {
    fake.historyErrors.set('CSCOPE', 'missing_scope');
    let e = await poster.findPosted!(to('CSCOPE'), 'k').catch((x) => x);
    expect(e).toBeInstanceOf(PermanentPostError);
    expect(e.message).toMatch(/conversations\.history: missing_scope: cannot look up .*channels:history/);

    fake.historyErrors.set('CPUBLIC', 'not_in_channel');
    e = await poster.findPosted!(to('CPUBLIC'), 'k', { threadId: '1.000001' }).catch((x) => x);
    expect(e).toBeInstanceOf(PermanentPostError);
    expect(e.message).toMatch(/conversations\.replies: not_in_channel: .*\/invite @paperbot/);

    fake.failNext('conversations.history', { status: 503 });
    await expect(poster.findPosted!(to('C1'), 'k')).rejects.toBeInstanceOf(TransientPostError);
    fake.failNext('conversations.history', { hang: true });
    e = await impatient.findPosted!(to('C1'), 'k').catch((x) => x);
    expect(e).toBeInstanceOf(TransientPostError); // a read is safe to repeat
    expect(e).not.toBeInstanceOf(PostOutcomeUnknownError);
    fake.rateLimitNext('conversations.history', 60);
    e = await poster.findPosted!(to('C1'), 'k').catch((x) => x);
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e.retryAfterMs).toBe(60_000);
  });
});

describe('crash recovery through delivery', () => {
  let n = 0;
  async function digestFor(channelId: string, size = 2) {
    let c = await ensureChannel(core.db, { platform: 'slack', workspaceId: 'T1', channelId });
    await subscribe(core.db, c.id, 'lora', 'U1');
    c = await updateChannelSettings(core.db, c.id, { size });
    const d = await composeDigest(core, c.id, DATE);
    expect(d.items).toHaveLength(size);
    return d;
  }
  const deps = (o: Partial<DeliverDeps> = {}): DeliverDeps => ({ db: core.db, poster, log: silentLogger, leaseMs: 60_000, postTimeoutMs: 5_000, ...o });
  /** The attempt whose post gets no answer: a poster that stops waiting after 1 s. */
  const unanswered = () => deps({ poster: impatient });
  /** The worker holding this claim died: its claim is now older than the lease. */
  async function abandon(digestId: number, slot: DigestSlot) {
    const past = sql`now() - interval '2 minutes'`;
    await core.db.update(digestMessages).set({ claimedAt: past }).where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.slot, slotNumber(slot))));
  }
  const state = async (digestId: number, slot: DigestSlot) => {
    const d = (await getDigest(core.db, digestId))!;
    return slot === 'header' ? d.header.state : d.items[slot - 1].state;
  };

  it('a post Slack stored but never answered is recorded, not re-posted; one that never arrived is posted once', async () => {
    const d = await digestFor('CREC');
    expect((await deliverDigestMessage(deps(), d.id, 'header')).kind).toBe('posted');

    // Item 1 reaches Slack, the answer never comes back: the outcome is unknown.
    fake.failNext('chat.postMessage', { hang: true, afterHandling: true });
    await expect(deliverDigestMessage(unanswered(), d.id, 1)).rejects.toBeInstanceOf(PostOutcomeUnknownError);
    expect(await state(d.id, 1)).toBe('posting');
    expect(keysIn('CREC')).toEqual([idempotencyKey(d.id, 'header'), idempotencyKey(d.id, 1)]);
    // While the claim is fresh nobody touches it.
    expect(await deliverDigestMessage(deps(), d.id, 1)).toMatchObject({ kind: 'wait' });

    await abandon(d.id, 1);
    const postsBefore = posts('CREC').length;
    const out = await deliverDigestMessage(deps(), d.id, 1);
    const stored = fake.messagesIn('CREC')[1];
    expect(out).toEqual({ kind: 'recovered', messageId: stored.ts });
    expect(posts('CREC')).toHaveLength(postsBefore); // asked, did not post
    const header = (await getDigest(core.db, d.id))!.header;
    expect(fake.callsTo('conversations.replies').at(-1)!.body).toMatchObject({ channel: 'CREC', ts: header.messageId });
    expect(await paperForMessage(core.db, { platform: 'slack', channelId: 'CREC', messageId: stored.ts })).toMatchObject({ paperId: d.items[0].paperId });

    // Item 2's request is lost before Slack sees it: asked, not found, posted.
    fake.failNext('chat.postMessage', { hang: true });
    await expect(deliverDigestMessage(unanswered(), d.id, 2)).rejects.toBeInstanceOf(PostOutcomeUnknownError);
    await abandon(d.id, 2);
    expect((await deliverDigestMessage(deps(), d.id, 2)).kind).toBe('posted');

    // Every message once; the digest is delivered.
    expect(keysIn('CREC')).toEqual([idempotencyKey(d.id, 'header'), idempotencyKey(d.id, 1), idempotencyKey(d.id, 2)]);
    const after = (await getDigest(core.db, d.id))!;
    expect(after.status).toBe('delivered');
    expect(after.items.map((i) => i.messageId)).toEqual(fake.messagesIn('CREC').slice(1).map((m) => m.ts));
  });

  it('the last attempt that gets no answer waits out the lease and asks, instead of giving the message up', async () => {
    const d = await digestFor(`CLAST${++n}`, 1);
    const channel = `CLAST${n}`;
    fake.failNext('chat.postMessage', { hang: true, afterHandling: true });
    // Posts without waiting long for an answer; asks with the ordinary poster.
    const out = await deliverDigestMessage(deps({ leaseMs: 1_500, poster: { ...poster, post: (m) => impatient.post(m) } }), d.id, 'header', { finalAttempt: true });
    expect(out).toEqual({ kind: 'recovered', messageId: fake.messagesIn(channel)[0].ts });
    expect(await state(d.id, 'header')).toBe('posted');
    expect(posts(channel)).toHaveLength(1);
  });

  it('a 5xx that came after Slack stored the message is asked about before posting again', async () => {
    const d = await digestFor('C5XXW', 1);
    fake.failNext('chat.postMessage', { status: 500, afterHandling: true });
    await expect(deliverDigestMessage(deps(), d.id, 'header')).rejects.toBeInstanceOf(TransientPostError);
    expect(await state(d.id, 'header')).toBe('pending');
    expect((await deliverDigestMessage(deps(), d.id, 'header')).kind).toBe('recovered');
    expect(keysIn('C5XXW')).toEqual([idempotencyKey(d.id, 'header')]);
  });

  it('when Slack cannot be asked (no history scope), a possibly posted message fails with the reason instead of a guess', async () => {
    const d = await digestFor('CNOSCOPE', 1);
    fake.failNext('chat.postMessage', { hang: true, afterHandling: true });
    await expect(deliverDigestMessage(unanswered(), d.id, 'header')).rejects.toBeInstanceOf(PostOutcomeUnknownError);
    fake.historyErrors.set('CNOSCOPE', 'missing_scope');
    await abandon(d.id, 'header');
    const out = await deliverDigestMessage(deps(), d.id, 'header');
    expect(out).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/possibly posted, and the platform cannot be asked .*missing_scope.*channels:history.*not re-posted/) });
    expect(posts('CNOSCOPE')).toHaveLength(1);
  });

  it('a look-up that fails for now (429) releases the message still marked, and the next attempt asks before posting', async () => {
    const d = await digestFor('CASKLATER', 1);
    fake.failNext('chat.postMessage', { hang: true, afterHandling: true });
    await expect(deliverDigestMessage(unanswered(), d.id, 'header')).rejects.toBeInstanceOf(PostOutcomeUnknownError);
    await abandon(d.id, 'header');
    fake.rateLimitNext('conversations.history', 1);
    await expect(deliverDigestMessage(deps(), d.id, 'header')).rejects.toBeInstanceOf(RateLimitedError);
    const held = (await getDigest(core.db, d.id))!.header;
    expect(held).toMatchObject({ state: 'pending', error: expect.stringMatching(/^possibly posted; could not ask/) });
    // A fresh claim (not a stale one), yet it asks first because of the mark.
    expect((await deliverDigestMessage(deps(), d.id, 'header')).kind).toBe('recovered');
    expect(posts('CASKLATER')).toHaveLength(1);
  });
});
