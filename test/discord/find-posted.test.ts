// The Discord Poster's findPosted (GET /channels/{id}/messages, matching the key line the Poster
// writes into each digest message) with the real @discordjs/rest client against the loopback fake,
// and crash recovery through the core's delivery.
import { createServer, type AddressInfo } from 'node:net';
import { REST } from 'discord.js';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restOptions } from '../../adapters/discord/client.js';
import { createDiscordPoster, keyRef } from '../../adapters/discord/poster.js';
import { discordConfig } from '../../adapters/discord/platform.js';
import { PLATFORMS } from '../../adapters/platforms.js';
import { createApp, type App } from '../../src/app.js';
import { ensureChannel, subscribe, updateChannelSettings } from '../../src/channels/channels.js';
import { toCard } from '../../src/reply/cards.js';
import { textReply } from '../../src/reply/reply.js';
import { loadConfig } from '../../src/config.js';
import { digestMessages } from '../../src/db/schema.js';
import { PermanentPostError, PostOutcomeUnknownError, TransientPostError, type Poster } from '../../src/delivery/poster.js';
import { composeDigest } from '../../src/digest/compose.js';
import { deliverDigestMessage, type DeliverDeps } from '../../src/digest/deliver.js';
import { idempotencyKey, type DigestSlot } from '../../src/digest/digest.js';
import { getDigest, slotNumber } from '../../src/digest/digest-store.js';
import { silentLogger } from '../../src/log.js';
import { paperForMessage } from '../../src/messages/posted-messages.js';
import { planFollowUps, sendFollowUp } from '../../src/library/follow-ups.js';
import { latestPapers } from '../../src/papers/store.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { FakeChannel } from '../fakes/discord/payloads.js';
import { TOKEN } from './harness.js';

const DATE = '2026-11-28';
let fake: FakeDiscord;
let app: App;
let poster: Poster;
/** Gives up on a request after 1 s without retrying: for the calls the fake never answers. */
let impatient: Poster;

beforeAll(async () => {
  fake = await startFakeDiscord({
    token: TOKEN,
    guilds: [{ name: 'Lab', channels: ['find', 'none', 'busy', 'secret', 'rec', 'last', 'errors', 'follow'] }],
  });
  const config = loadConfig({ DATABASE_URL: 'memory://', DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl }, PLATFORMS);
  app = await createApp(config, { seed: true, syncIntervalMs: 0 });
  poster = createDiscordPoster(app, { seedBookmarkReaction: false });
  const rest = new REST({ ...restOptions(discordConfig(config)), timeout: 1_000, retries: 0 }).setToken(TOKEN);
  impatient = createDiscordPoster(app, { rest, seedBookmarkReaction: false });
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
});

const named = (name: string): FakeChannel => fake.guilds[0].channels.find((c) => c.name === name)!;
const to = (c: FakeChannel) => ({ platform: 'discord', workspaceId: c.guildId, channelId: c.id });
const postsTo = (c: FakeChannel) => fake.requestsTo('POST', new RegExp(`^/channels/${c.id}/messages$`));
const listsOf = (c: FakeChannel) => fake.requestsTo('GET', new RegExp(`^/channels/${c.id}/messages$`));
const stored = (c: FakeChannel) => [...fake.messages.values()].filter((m) => m.channel_id === c.id);

describe('findPosted', () => {
  it('finds the header by its key line and an item by its footer, with the ids delivery records', async () => {
    const c = named('find');
    const since = new Date(Date.now() - 1_000);
    const head = await poster.post({ to: to(c), reply: textReply('Your digest: 2 papers', 'channel'), idempotencyKey: 'paperbot-digest-1-h' });
    const [paper] = await latestPapers(app.db, 1);
    const item = await poster.post({
      to: to(c),
      reply: { text: paper.title, cards: [toCard(paper, ['matches lora'])], actions: [], visibility: 'channel' },
      threadId: head.messageId,
      idempotencyKey: 'paperbot-digest-1-1',
    });

    // Where the key rides: a subtext line under a message without embeds, the footer of one with.
    const [headBody, itemBody] = postsTo(c).map((p) => p.body);
    expect(headBody.content).toBe('Your digest: 2 papers\n-# paperbot-digest-1-h');
    expect(itemBody.content).toBeUndefined();
    expect(itemBody.embeds[0].footer.text).toMatch(/^.+ · paperbot-digest-1-1$/); // after the card's own footer
    expect(itemBody.nonce).toBe('paperbot-digest-1-1');

    expect(await poster.findPosted!(to(c), 'paperbot-digest-1-h', { since })).toEqual({ messageId: head.messageId, threadId: head.messageId });
    // On Discord a follow-up replies to the message itself, so that is its thread.
    expect(await poster.findPosted!(to(c), 'paperbot-digest-1-1', { since, threadId: head.messageId })).toEqual({ messageId: item.messageId, threadId: item.messageId });
    expect(await poster.findPosted!(to(c), 'paperbot-digest-1-1', { since })).toEqual({ messageId: item.messageId, threadId: item.messageId });

    const list = listsOf(c).at(-1)!;
    expect(list.query.get('limit')).toBe('100');
    // `after` is the snowflake of `since` less five minutes of clock skew.
    const afterMs = Number((BigInt(list.query.get('after')!) >> 22n) + 1_420_070_400_000n);
    expect(Math.abs(afterMs - (since.getTime() - 300_000))).toBeLessThan(2);
  });

  it('returns null when nothing carries the key: not posted, posted by someone else, or another key with the same start', async () => {
    const c = named('none');
    await poster.post({ to: to(c), reply: textReply('item ten', 'channel'), idempotencyKey: 'paperbot-digest-2-10' });
    fake.addMessage(c.id, fake.newUser('mallory'), 'look\n-# paperbot-digest-2-1');
    expect(await poster.findPosted!(to(c), 'paperbot-digest-2-1')).toBeNull();
    expect(await poster.findPosted!(to(c), 'paperbot-digest-2-h')).toBeNull();
    expect(await poster.findPosted!(to(c), 'paperbot-digest-2-10')).not.toBeNull();
  });

  it('pages forward from the bound, and says "cannot tell" past its page limit', async () => {
    const c = named('busy');
    const since = new Date(Date.now() - 1_000);
    const chatter = fake.newUser('chatter');
    for (let i = 0; i < 12; i++) fake.addMessage(c.id, chatter, `message ${i}`);
    const posted = await poster.post({ to: to(c), reply: textReply('late header', 'channel'), idempotencyKey: 'paperbot-digest-3-h' });
    for (let i = 0; i < 3; i++) fake.addMessage(c.id, chatter, `after ${i}`);

    const paged = createDiscordPoster(app, { lookupPageSize: 5 });
    const before = listsOf(c).length;
    expect(await paged.findPosted!(to(c), 'paperbot-digest-3-h', { since })).toMatchObject({ messageId: posted.messageId });
    const pages = listsOf(c).slice(before);
    expect(pages).toHaveLength(3); // 5 + 5 + (2 more and the header)
    expect(BigInt(pages[1].query.get('after')!)).toBeGreaterThan(BigInt(pages[0].query.get('after')!));

    const short = createDiscordPoster(app, { lookupPageSize: 5, lookupMaxPages: 2 });
    const e = await short.findPosted!(to(c), 'paperbot-digest-3-h', { since }).catch((x) => x);
    expect(e).toBeInstanceOf(PermanentPostError);
    expect(e.message).toMatch(/more than 10 messages since .* cannot tell whether paperbot-digest-3-h was posted/);
  });

  it('a channel it may not read cannot be asked (permanent, with the fix); a refused connection can be asked later', async () => {
    const c = named('secret');
    fake.forbiddenChannels.add(c.id);
    const e = await poster.findPosted!(to(c), 'k').catch((x) => x);
    fake.forbiddenChannels.delete(c.id);
    expect(e).toBeInstanceOf(PermanentPostError);
    expect(e.message).toMatch(/403 \(code 50001\).*Read Message History/);

    const closed = await closedPort();
    const nowhere = createDiscordPoster({ ...app, config: { ...app.config, DISCORD_API_URL: `http://127.0.0.1:${closed}/api` } }, { seedBookmarkReaction: false });
    await expect(nowhere.findPosted!(to(c), 'k')).rejects.toBeInstanceOf(TransientPostError);
    // A post that never left is transient too (nothing can have been posted).
    await expect(nowhere.post({ to: to(c), reply: textReply('x', 'channel') })).rejects.toBeInstanceOf(TransientPostError);
  });
});

describe('posts without an answer', () => {
  it('a post Discord stored but never answered is PostOutcomeUnknownError, neither transient nor permanent', async () => {
    const c = named('errors');
    fake.hangNext('POST', new RegExp(`^/channels/${c.id}/messages$`));
    const e = await impatient.post({ to: to(c), reply: textReply('lost answer', 'channel'), idempotencyKey: 'paperbot-digest-9-h' }).catch((x) => x);
    expect(e).toBeInstanceOf(PostOutcomeUnknownError);
    expect(e).not.toBeInstanceOf(TransientPostError);
    expect(stored(c).map((m) => m.content)).toEqual(['lost answer\n-# paperbot-digest-9-h']);
  });
});

describe('crash recovery through delivery', () => {
  async function digestFor(c: FakeChannel, size: number) {
    let row = await ensureChannel(app.db, { platform: 'discord', workspaceId: c.guildId, channelId: c.id });
    await subscribe(app.db, row.id, 'lora', 'U1');
    row = await updateChannelSettings(app.db, row.id, { size });
    const d = await composeDigest(app, row.id, DATE);
    expect(d.items).toHaveLength(size);
    return d;
  }
  const deps = (o: Partial<DeliverDeps> = {}): DeliverDeps => ({ db: app.db, poster, log: silentLogger, leaseMs: 60_000, postTimeoutMs: 5_000, ...o });
  /** The attempt whose post gets no answer: a client that stops waiting after 1 s. */
  const unanswered = () => deps({ poster: impatient });
  async function abandon(digestId: number, slot: DigestSlot) {
    const past = sql`now() - interval '2 minutes'`;
    await app.db.update(digestMessages).set({ claimedAt: past }).where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.slot, slotNumber(slot))));
  }
  const keysIn = (c: FakeChannel) => stored(c).map((m) => [m.content, ...m.embeds.map((e: any) => e.footer?.text ?? '')].join('|').match(/paperbot-digest-\d+-(h|\d+)/)?.[0] ?? null);

  it('a post Discord stored but never answered is recorded, not re-posted; one that never arrived is posted once', async () => {
    const c = named('rec');
    const d = await digestFor(c, 2);
    const path = new RegExp(`^/channels/${c.id}/messages$`);
    expect((await deliverDigestMessage(deps(), d.id, 'header')).kind).toBe('posted');

    fake.hangNext('POST', path); // item 1 is stored, its answer never comes
    await expect(deliverDigestMessage(unanswered(), d.id, 1)).rejects.toBeInstanceOf(PostOutcomeUnknownError);
    expect(keysIn(c)).toEqual([idempotencyKey(d.id, 'header'), idempotencyKey(d.id, 1)]);
    expect(await deliverDigestMessage(deps(), d.id, 1)).toMatchObject({ kind: 'wait' }); // fresh claim: hands off

    await abandon(d.id, 1); // the worker that claimed it is gone
    const postsBefore = postsTo(c).length;
    const listsBefore = listsOf(c).length;
    const out = await deliverDigestMessage(deps(), d.id, 1);
    const item1 = stored(c)[1];
    expect(out).toEqual({ kind: 'recovered', messageId: item1.id });
    expect(postsTo(c)).toHaveLength(postsBefore); // asked, did not post
    expect(listsOf(c).length).toBeGreaterThan(listsBefore);
    expect(await paperForMessage(app.db, { platform: 'discord', channelId: c.id, messageId: item1.id })).toMatchObject({ paperId: d.items[0].paperId });

    fake.hangNext('POST', path, 1, false); // item 2's request is lost before Discord sees it
    await expect(deliverDigestMessage(unanswered(), d.id, 2)).rejects.toBeInstanceOf(PostOutcomeUnknownError);
    expect(stored(c)).toHaveLength(2);
    await abandon(d.id, 2);
    expect((await deliverDigestMessage(deps(), d.id, 2)).kind).toBe('posted');

    expect(keysIn(c)).toEqual([idempotencyKey(d.id, 'header'), idempotencyKey(d.id, 1), idempotencyKey(d.id, 2)]);
    const after = (await getDigest(app.db, d.id))!;
    expect(after.status).toBe('delivered');
    expect([after.header.messageId, ...after.items.map((i) => i.messageId)]).toEqual(stored(c).map((m) => m.id));
    // Items reply to the header, the recovered one included.
    expect(stored(c).slice(1).map((m) => m.message_reference?.message_id)).toEqual([after.header.messageId, after.header.messageId]);
  });

  it('the last attempt that gets no answer waits out the lease and asks, instead of giving the message up', async () => {
    const c = named('last');
    const d = await digestFor(c, 1);
    fake.hangNext('POST', new RegExp(`^/channels/${c.id}/messages$`));
    // Posts without waiting long for an answer; asks with the ordinary client.
    const out = await deliverDigestMessage(deps({ leaseMs: 1_500, poster: { ...poster, post: (m) => impatient.post(m) } }), d.id, 'header', { finalAttempt: true });
    expect(out).toEqual({ kind: 'recovered', messageId: stored(c)[0].id });
    expect(postsTo(c)).toHaveLength(1);
    expect(stored(c)[0].content).toMatch(new RegExp(`\\n-# ${idempotencyKey(d.id, 'header')}$`));
    expect(keyRef('x'.repeat(65))).toHaveLength(25); // long keys are hashed, like the nonce
  });
});

async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('follow-ups', () => {
  it('a follow-up on a delivered digest paper replies to that paper message, not to the digest header', async () => {
    const c = named('follow');
    let row = await ensureChannel(app.db, { platform: 'discord', workspaceId: c.guildId, channelId: c.id });
    await subscribe(app.db, row.id, 'lora', 'U1');
    row = await updateChannelSettings(app.db, row.id, { size: 2 });
    const d = await composeDigest(app, row.id, DATE);
    const deps = { db: app.db, poster, log: silentLogger };
    for (const slot of ['header', 1, 2] as const) expect((await deliverDigestMessage(deps, d.id, slot)).kind).toBe('posted');
    const [head, first, second] = stored(c);
    expect(await paperForMessage(app.db, { platform: 'discord', channelId: c.id, messageId: first.id })).toEqual({ paperId: d.items[0].paperId, workspaceId: c.guildId, threadId: first.id });

    const changes = [{ paperId: d.items[1].paperId, title: 'A paper', newVersion: 9, codeUrl: null }];
    const planned = (await planFollowUps(app.db, changes)).filter((f) => f.to.channelId === c.id);
    expect(planned.map((f) => f.threadId)).toEqual([second.id]);
    expect((await sendFollowUp(deps, planned[0])).kind).toBe('posted');
    const said = postsTo(c).at(-1)!.body;
    expect(said.content).toMatch(/^New version v9 of this paper: A paper/);
    expect(said.message_reference).toEqual({ message_id: second.id, channel_id: c.id, fail_if_not_exists: false });
    expect(said.message_reference.message_id).not.toBe(head.id);
  });
});
