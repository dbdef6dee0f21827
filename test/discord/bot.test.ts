// The real discord.js client against the loopback fake Discord (test/fakes/discord): gateway
// handshake, slash commands, buttons, reactions, digest posts, rate limits and a resumed session.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { checkEmbedLimits } from '../../adapters/discord/embeds.js';
import { createDiscordPoster } from '../../adapters/discord/poster.js';
import { registerCommands } from '../../adapters/discord/register.js';
import { discordConfig } from '../../adapters/discord/platform.js';
import { toCard } from '../../src/reply/cards.js';
import { textReply, type Reply } from '../../src/reply/reply.js';
import { workspaces } from '../../src/db/schema.js';
import { PermanentPostError, RateLimitedError, TransientPostError, type Destination, type Poster } from '../../src/delivery/poster.js';
import { publish } from '../../src/delivery/publish.js';
import { findChannel } from '../../src/channels/channels.js';
import { listBookmarks } from '../../src/library/bookmarks.js';
import { channelDisliked } from '../../src/library/taste-feedback.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { latestPapers } from '../../src/papers/store.js';
import type { FakeUser } from '../fakes/discord/payloads.js';
import { startHarness, TOKEN, type Harness } from './harness.js';

let h: Harness;
let poster: Poster;
const EPHEMERAL = 64;

beforeAll(async () => {
  h = await startHarness();
  poster = h.discord.poster;
});

afterAll(async () => {
  await h?.close();
});

const saved = async (guildId: string, u: FakeUser) =>
  (await listBookmarks(h.app.db, { platform: 'discord', workspaceId: guildId, userId: u.id })).map((b) => b.paper.id);

const disliked = async (guildId: string, channelId: string) => {
  const c = await findChannel(h.app.db, { platform: 'discord', workspaceId: guildId, channelId });
  return c ? (await channelDisliked(h.app.db, c.id)).map((p) => p.id) : [];
};

const buttonIds = (body: { components?: unknown[] }) =>
  ((body.components ?? []) as Array<{ components: Array<{ custom_id?: string }> }>).flatMap((r) => r.components.map((b) => b.custom_id));

function callback(token: string) {
  return h.fake.requests.find((r) => r.method === 'POST' && r.path.includes(`/${token}/callback`));
}

async function paperPost(to: Destination, threadId: string | null, paperIndex: number) {
  const [p] = (await latestPapers(h.app.db, paperIndex + 1)).slice(paperIndex);
  // As the digest composes an item: the title as text, one card.
  const reply: Reply = { text: p.title, cards: [toCard(p, ['matches lora'])], actions: [], visibility: 'channel' };
  return { paper: p, posted: await publish(h.app, poster, { to, reply, threadId }) };
}

describe('gateway handshake', () => {
  test('identifies with the token, the intents reactions need and no compression; heartbeats are acknowledged', async () => {
    const gatewayBot = h.fake.requests.find((r) => r.path === '/gateway/bot')!;
    expect(gatewayBot.authorization).toBe(`Bot ${TOKEN}`);
    const identify = h.fake.gatewayFramesIn(2);
    expect(identify).toHaveLength(1);
    expect(identify[0].d.token).toBe(TOKEN);
    expect(identify[0].d.intents).toBe(1 | (1 << 10)); // Guilds | GuildMessageReactions
    expect(identify[0].d.compress).toBe(false);
    const url = new URL(h.fake.connectionUrls[0], 'ws://x');
    expect(url.pathname).toBe('/gateway');
    expect(url.searchParams.get('v')).toBe('10');
    expect(url.searchParams.get('encoding')).toBe('json');
    expect(url.searchParams.has('compress')).toBe(false);
    expect(h.discord.client.guilds.cache.map((g) => g.name).sort()).toEqual(['Lab A', 'Lab B']);
    await h.fake.waitFor(() => h.fake.frames.some((f) => f.dir === 'out' && f.op === 11), 'a heartbeat ACK');
    expect(h.fake.gatewayFramesIn(1).length).toBeGreaterThan(0);
    const rows = await h.app.db.select().from(workspaces).where(eq(workspaces.platform, 'discord'));
    expect(rows.map((r) => r.name).sort()).toEqual(['Lab A', 'Lab B']);
  });
});

describe('/papers', () => {
  const ada = () => adaUser;
  let adaUser: FakeUser;
  let searchToken: string;

  beforeAll(() => {
    adaUser = h.fake.newUser('ada');
  });

  test('search: deferred ephemerally, then answered with embeds and buttons within Discord limits', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const it = h.fake.slashCommand({ guild, channel, user: ada(), subcommand: 'search', options: { query: 'lora' } });
    searchToken = it.token;
    const edit = await h.fake.waitForEdit(it.token);
    const cb = callback(it.token)!;
    expect(cb.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(cb.at).toBeLessThanOrEqual(edit.at);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(checkEmbedLimits(edit.body)).toEqual([]);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(edit.body.content).toContain('papers for "lora"');
    expect(edit.body.embeds[0].title).toMatch(/lora/i);
    const ids = buttonIds(edit.body);
    expect(ids).toContain('pb:share:lora');
    expect(ids.filter((id) => id?.startsWith('pb:bookmark:'))).toHaveLength(edit.body.embeds.length);
    expect(h.fake.original(it.token)!.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  test('the bookmark button saves the paper for the person who pressed it', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const message = h.fake.original(searchToken)!;
    const bookmarkId = buttonIds(message).find((id) => id?.startsWith('pb:bookmark:'))!;
    const paperId = bookmarkId.slice('pb:bookmark:'.length);
    const it = h.fake.button({ guild, channel, user: ada(), customId: bookmarkId, message });
    const edit = await h.fake.waitForEdit(it.token);
    expect(callback(it.token)!.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(edit.body.content).toMatch(/^Saved ".+" to your bookmarks\.$/);
    expect(await saved(guild.id, ada())).toEqual([paperId]);
  });

  test('a bookmark in one guild is not visible in another', async () => {
    const a = h.fake.channel(0, 0);
    const b = h.fake.channel(1, 0);
    const inB = h.fake.slashCommand({ ...b, user: ada(), subcommand: 'bookmarks' });
    expect((await h.fake.waitForEdit(inB.token)).body.content).toMatch(/You have no bookmarks yet/);
    const inA = h.fake.slashCommand({ ...a, user: ada(), subcommand: 'bookmarks' });
    const editA = await h.fake.waitForEdit(inA.token);
    expect(editA.body.content).toMatch(/Your bookmarks \(1\)/);
    expect(editA.body.embeds).toHaveLength(1);
    expect(await saved(b.guild.id, ada())).toEqual([]);
  });

  test('share re-posts the search publicly, without the share button', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const it = h.fake.button({ guild, channel, user: ada(), customId: 'pb:share:lora', message: h.fake.original(searchToken)! });
    const edit = await h.fake.waitForEdit(it.token);
    expect(callback(it.token)!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(h.fake.original(it.token)!.flags & EPHEMERAL).toBe(0);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(buttonIds(edit.body)).not.toContain('pb:share:lora');
    expect(checkEmbedLimits(edit.body)).toEqual([]);
  });

  test('share of a query too long for a custom id re-posts the shown answer', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const query = 'lora low rank adaptation of large language models with parameter efficient fine tuning and adapters';
    expect(query.length).toBeGreaterThan(91);
    const search = h.fake.slashCommand({ guild, channel, user: ada(), subcommand: 'search', options: { query } });
    const shown = await h.fake.waitForEdit(search.token);
    expect(buttonIds(shown.body)).toContain('pb:share-shown');
    const it = h.fake.button({ guild, channel, user: ada(), customId: 'pb:share-shown', message: h.fake.original(search.token)! });
    const edit = await h.fake.waitForEdit(it.token);
    expect(callback(it.token)!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit.body.embeds.map((e: { title: string }) => e.title)).toEqual(shown.body.embeds.map((e: { title: string }) => e.title));
    expect(buttonIds(edit.body)).not.toContain('pb:share-shown');
    expect(buttonIds(edit.body).filter((id) => id?.startsWith('pb:bookmark:'))).toHaveLength(shown.body.embeds.length);
  });

  test('subscribe is answered in the channel; an unsubscribe that changes nothing only to the asker', async () => {
    const { guild, channel } = h.fake.channel(0, 1);
    const sub = h.fake.slashCommand({ guild, channel, user: ada(), subcommand: 'subscribe', options: { topic: 'Speculative Decoding' } });
    const edit = await h.fake.waitForEdit(sub.token);
    expect(callback(sub.token)!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit.body.content).toContain('Subscribed this channel to "Speculative Decoding"');

    const unsub = h.fake.slashCommand({ guild, channel, user: ada(), subcommand: 'unsubscribe', options: { topic: 'never followed' } });
    const followUp = await h.fake.waitFor(
      () => h.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${unsub.token}`) && r.status === 200),
      'the ephemeral follow-up',
    );
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/${unsub.token}/messages/@original`))).toBe(true);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.content).toContain('does not follow "never followed"');
  });

  test('settings options go through the one grammar', async () => {
    const { guild, channel } = h.fake.channel(0, 1);
    const it = h.fake.slashCommand({ guild, channel, user: ada(), subcommand: 'settings', options: { time: '07:45', tz: 'Europe/Berlin', size: 3 } });
    const edit = await h.fake.waitForEdit(it.token);
    expect(edit.body.content).toContain('Digest: 3 papers at 07:45 Europe/Berlin');
  });

  test('a hostile paper title renders escaped and can ping no one', async () => {
    const title = '@everyone <@123> # Heading [x](https://evil)';
    await h.app.addPapers([normalizePaper({ id: '2401.99999', title, abstract: 'We show that <@&42> and @here are harmless. # Not a heading.' })]);
    const { guild, channel } = h.fake.channel(0, 0);
    const it = h.fake.slashCommand({ guild, channel, user: ada(), subcommand: 'paper', options: { id: '2401.99999' } });
    const edit = await h.fake.waitForEdit(it.token);
    const embed = edit.body.embeds[0];
    expect(embed.title).toBe('@\u200beveryone \\<@123> # Heading \\[x](https://evil)');
    expect(embed.url).toBe('https://arxiv.org/abs/2401.99999');
    const everything = JSON.stringify(edit.body);
    expect(everything).not.toMatch(/[^\\]<@/);
    expect(everything).not.toMatch(/@(everyone|here)/);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('buttons of other apps are left alone', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const it = h.fake.button({ guild, channel, user: ada(), customId: 'someone-else:1', message: h.fake.original(searchToken)! });
    // A later interaction is answered, so the earlier one was seen and (correctly) not acknowledged.
    const later = h.fake.slashCommand({ guild, channel, user: ada(), subcommand: 'help' });
    await h.fake.waitForEdit(later.token);
    expect(callback(it.token)).toBeUndefined();
  });
});

describe('digests and reactions', () => {
  let grace: FakeUser;
  let header: { messageId: string; threadId?: string | null };
  let paperMessage: string;
  let paperId: string;

  beforeAll(() => {
    grace = h.fake.newUser('grace');
  });

  test('a digest is posted through the Poster: a header, then one paper a message replying to it', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    // Published as delivery does: the one-paper messages are recorded, so a reaction finds the paper.
    const to = { platform: 'discord', workspaceId: guild.id, channelId: channel.id };
    header = await publish(h.app, poster, { to, reply: textReply('Today in #papers: 2 new papers on lora', 'channel'), threadId: null });
    expect(header.threadId).toBe(header.messageId);
    const first = await paperPost(to, header.threadId!, 0);
    const second = await paperPost(to, header.threadId!, 1);
    // A follow-up on a paper replies to the paper's own message.
    expect(first.posted.threadId).toBe(first.posted.messageId);
    paperMessage = first.posted.messageId;
    paperId = first.paper.id;

    const posts = h.fake.requestsTo('POST', new RegExp(`^/channels/${channel.id}/messages$`));
    expect(posts.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(posts[0].body.embeds).toEqual([]);
    for (const p of posts.slice(1)) {
      expect(p.body.embeds).toHaveLength(1);
      expect(p.body.content).toBeUndefined();
      expect(checkEmbedLimits(p.body)).toEqual([]);
      expect(p.body.message_reference).toEqual({ message_id: header.messageId, channel_id: channel.id, fail_if_not_exists: false });
      const id = p === posts[1] ? first.paper.id : second.paper.id;
      expect(buttonIds(p.body)).toEqual([`pb:bookmark:${id}`, `pb:similar:${id}`, `pb:less:${id}`]);
    }
    for (const p of posts) {
      expect(p.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect(p.authorization).toBe(`Bot ${TOKEN}`);
    }
    expect(h.fake.messages.get(paperMessage)!.type).toBe(19); // a reply
    // 🔖 is seeded on each paper message (not on the header).
    expect(h.fake.requestsTo('PUT', /\/reactions\/🔖\/@me$/).map((r) => r.path.split('/')[4])).toEqual([first.posted.messageId, second.posted.messageId]);
  });

  test('🔖 on a one-paper message bookmarks it; removing it unbookmarks; the bot\'s own 🔖 is ignored', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    h.fake.reactionAdd({ guild, channel, user: grace, messageId: paperMessage });
    await expect.poll(() => saved(guild.id, grace)).toEqual([paperId]);
    // The bot's own 🔖 (Discord echoes the one the poster seeds) saves nothing: a sentinel after it proves it was handled.
    h.fake.reactionAdd({ guild, channel, user: h.fake.bot, messageId: paperMessage });
    const sentinel = h.fake.newUser('sentinel-1');
    h.fake.reactionAdd({ guild, channel, user: sentinel, messageId: paperMessage });
    await expect.poll(() => saved(guild.id, sentinel)).toEqual([paperId]);
    expect(await saved(guild.id, h.fake.bot)).toEqual([]);

    h.fake.reactionRemove({ guild, channel, user: grace, messageId: paperMessage });
    await expect.poll(() => saved(guild.id, grace)).toEqual([]);
  });

  test('👎 on a one-paper message is "less like this" for the channel; removing it takes it back', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const marks = () => disliked(guild.id, channel.id);
    h.fake.reactionAdd({ guild, channel, user: grace, messageId: paperMessage, emoji: '👎' });
    await expect.poll(marks).toEqual([paperId]);
    h.fake.reactionRemove({ guild, channel, user: grace, messageId: paperMessage, emoji: '👎' });
    await expect.poll(marks).toEqual([]);
  });

  test('the "less like this" button on a paper post marks it for the channel, answered privately', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const message = h.fake.messages.get(paperMessage)!;
    const it = h.fake.button({ guild, channel, user: grace, customId: `pb:less:${paperId}`, message });
    const edit = await h.fake.waitForEdit(it.token);
    expect(callback(it.token)!.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(edit.body.content).toMatch(/^Noted: fewer papers like ".+" in this channel's digest\./);
    expect(await disliked(guild.id, channel.id)).toEqual([paperId]);
    const taste = h.fake.slashCommand({ guild, channel, user: grace, subcommand: 'taste' });
    expect((await h.fake.waitForEdit(taste.token)).body.content).toMatch(/Less of.*marked "less like this"/s);
    const reset = h.fake.slashCommand({ guild, channel, user: grace, subcommand: 'taste', options: { action: 'reset' } });
    expect((await h.fake.waitForEdit(reset.token)).body.content).toMatch(/^This channel's taste was reset and 1 "less like this" mark dropped/);
    expect(await disliked(guild.id, channel.id)).toEqual([]);
  });

  test('other emoji, unrecorded messages and the header are ignored', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    h.fake.reactionAdd({ guild, channel, user: grace, messageId: paperMessage, emoji: '👍' });
    h.fake.reactionAdd({ guild, channel, user: grace, messageId: header.messageId });
    // A sentinel processed after them: once it lands, the two before it were handled.
    h.fake.reactionAdd({ guild, channel, user: grace, messageId: paperMessage });
    await expect.poll(() => saved(guild.id, grace)).toEqual([paperId]);
    h.fake.reactionRemove({ guild, channel, user: grace, messageId: paperMessage, emoji: '👍' });
    h.fake.reactionRemove({ guild, channel, user: grace, messageId: header.messageId });
    const u = h.fake.newUser('sentinel');
    h.fake.reactionAdd({ guild, channel, user: u, messageId: paperMessage });
    await expect.poll(() => saved(guild.id, u)).toEqual([paperId]);
    expect(await saved(guild.id, grace)).toEqual([paperId]);
  });
});

describe('delivery errors', () => {
  const textOf = (s: string) => textReply(s, 'channel');
  const to = (channelId: string) => ({ platform: 'discord', workspaceId: '', channelId });

  test('a short 429 is honoured: the post is retried after retry_after and succeeds', async () => {
    const { channel } = h.fake.channel(0, 2);
    const path = new RegExp(`^/channels/${channel.id}/messages$`);
    h.fake.rateLimitNext('POST', path, 0.3);
    const posted = await poster.post({ to: to(channel.id), reply: textOf('after a rate limit'), threadId: null });
    const tries = h.fake.requestsTo('POST', path);
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(300);
    expect(h.fake.messages.get(posted.messageId)!.content).toBe('after a rate limit');
  });

  test('a long 429 becomes RateLimitedError so the job queue reschedules', async () => {
    const { channel } = h.fake.channel(1, 0);
    const path = new RegExp(`^/channels/${channel.id}/messages$`);
    h.fake.rateLimitNext('POST', path, 30);
    const err = await poster.post({ to: to(channel.id), reply: textOf('x'), threadId: null }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(h.fake.requestsTo('POST', path)).toHaveLength(1);
  });

  test('a global 429 is reported as global, so every Discord post waits', async () => {
    // Its own REST client (as a worker has): a global limit would otherwise hold up the other tests.
    const own = createDiscordPoster(h.app, { seedBookmarkReaction: false });
    const lab = h.fake.channel(0, 2).channel;
    h.fake.rateLimitNext('POST', new RegExp(`^/channels/${lab.id}/messages$`), 20, 1, true);
    const err = await own.post({ to: to(lab.id), reply: textOf('x'), threadId: null }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).scope).toBe('global');
  });

  test('a file is uploaded as an attachment', async () => {
    const lab = h.fake.channel(0, 2).channel;
    const reply = { ...textOf('Your bookmarks as BibTeX'), file: { filename: 'bookmarks.bib', title: 'Bookmarks', content: '@article{hu2021lora}' } };
    const posted = await poster.post({ to: to(lab.id), reply, threadId: null });
    const req = h.fake.requestsTo('POST', new RegExp(`^/channels/${lab.id}/messages$`)).at(-1)!;
    expect(req.files).toEqual([{ name: 'bookmarks.bib', size: 20, text: '@article{hu2021lora}' }]);
    expect(req.body.attachments).toEqual([{ id: 0, filename: 'bookmarks.bib', description: 'Bookmarks' }]);
    expect(h.fake.messages.get(posted.messageId)!.attachments).toHaveLength(1);
  });

  test('5xx after @discordjs/rest\'s retries is transient; unknown or forbidden channels are permanent', async () => {
    const general = h.fake.channel(0, 1).channel;
    const path = new RegExp(`^/channels/${general.id}/messages$`);
    h.fake.failNext('POST', path, 503, 4);
    await expect(poster.post({ to: to(general.id), reply: textOf('x'), threadId: null })).rejects.toBeInstanceOf(TransientPostError);
    expect(h.fake.requestsTo('POST', path).map((r) => r.status)).toEqual([503, 503, 503, 503]);

    await expect(poster.post({ to: to('123456789012345678'), reply: textOf('x'), threadId: null })).rejects.toBeInstanceOf(PermanentPostError);
    h.fake.forbiddenChannels.add(general.id);
    await expect(poster.post({ to: to(general.id), reply: textOf('x'), threadId: null })).rejects.toThrow(/403.*50001/);
    h.fake.forbiddenChannels.delete(general.id);
    await expect(poster.post({ to: { ...to(general.id), platform: 'slack' }, reply: textOf('x'), threadId: null })).rejects.toBeInstanceOf(PermanentPostError);
  });

  test('an idempotency key is sent as an enforced nonce, so a repeat after a 5xx Discord had stored posts nothing twice', async () => {
    const lab = h.fake.channel(0, 2).channel;
    const path = new RegExp(`^/channels/${lab.id}/messages$`);
    const before = h.fake.requestsTo('POST', path).length;
    h.fake.failNext('POST', path, 502, 1, true);
    const first = await poster.post({ to: to(lab.id), reply: textOf('exactly once'), threadId: null, idempotencyKey: 'paperbot-digest-7-h' });
    const again = await poster.post({ to: to(lab.id), reply: textOf('exactly once'), threadId: null, idempotencyKey: 'paperbot-digest-7-h' });
    const tries = h.fake.requestsTo('POST', path).slice(before);
    expect(tries.map((t) => t.status)).toEqual([502, 200, 200]);
    expect(tries[0].body).toMatchObject({ nonce: 'paperbot-digest-7-h', enforce_nonce: true });
    expect(again.messageId).toBe(first.messageId);
    // The key also rides as a subtext line, which GET returns (the nonce it does not): findPosted matches it.
    expect([...h.fake.messages.values()].filter((m) => m.content === 'exactly once\n-# paperbot-digest-7-h')).toHaveLength(1);

    const long = await poster.post({ to: to(lab.id), reply: textOf('long key'), threadId: null, idempotencyKey: 'paperbot-digest-123456789-10' });
    expect(h.fake.messages.get(long.messageId)!.nonce).toHaveLength(25);
    expect(h.fake.messages.get(long.messageId)!.content).toBe('long key\n-# paperbot-digest-123456789-10');
  });

  test('a worker without a gateway connection posts with its own REST client', async () => {
    const lab = h.fake.channel(0, 2).channel;
    const own = createDiscordPoster(h.app, { seedBookmarkReaction: false });
    const posted = await own.post({ to: to(lab.id), reply: textOf('from a worker'), threadId: null });
    expect(h.fake.messages.get(posted.messageId)!.content).toBe('from a worker');
  });
});

describe('connection', () => {
  test('a dropped connection is resumed (RESUME with session id and seq, not a new IDENTIFY) and missed events are replayed', async () => {
    const { guild, channel } = h.fake.channel(0, 0);
    const before = h.fake.lastSequence;
    const sessionId = h.fake.sessionId;
    h.fake.dropConnection();
    // While the bot is away, someone reacts: Discord keeps the event for the resumed session.
    const { paper: p, posted } = await paperPost({ platform: 'discord', workspaceId: guild.id, channelId: channel.id }, null, 0);
    const linus = h.fake.newUser('linus');
    h.fake.reactionAdd({ guild, channel, user: linus, messageId: posted.messageId });

    const resume = await h.fake.waitFor(() => h.fake.gatewayFramesIn(6)[0], 'RESUME');
    expect(resume.d.session_id).toBe(sessionId);
    expect(resume.d.seq).toBe(before);
    expect(resume.d.token).toBe(TOKEN);
    expect(h.fake.gatewayFramesIn(2)).toHaveLength(1);
    expect(new URL(h.fake.connectionUrls.at(-1)!, 'ws://x').pathname).toBe('/gateway-resume');
    await expect.poll(() => saved(guild.id, linus)).toEqual([p.id]);

    // And the resumed session answers commands as before.
    const it = h.fake.slashCommand({ guild, channel, user: linus, subcommand: 'help' });
    expect((await h.fake.waitForEdit(it.token)).body.content).toContain('/papers');
  });
});

describe('command registration and secrets', () => {
  test('npm run discord:register puts /papers on a guild or globally', async () => {
    const { guild } = h.fake.channel(1, 0);
    const r = await registerCommands(discordConfig(h.app.config), { guildId: guild.id });
    expect(r).toEqual({ scope: `guild ${guild.id}`, names: ['papers'] });
    const put = h.fake.requestsTo('PUT', new RegExp(`^/applications/${h.fake.appId}/guilds/${guild.id}/commands$`));
    expect(put).toHaveLength(1);
    expect(put[0].authorization).toBe(`Bot ${TOKEN}`);
    expect(put[0].body[0].options.map((o: { name: string }) => o.name)).toContain('search');
    expect((await registerCommands(discordConfig(h.app.config))).scope).toBe('global');
    expect(h.fake.commands.global.map((c) => c.name)).toEqual(['papers']);
    await expect(registerCommands(discordConfig(h.app.config), { guildId: 'abc' })).rejects.toThrow(/numeric guild id/);
  });

  test('neither the bot token nor an interaction token reaches the log', async () => {
    expect(h.logs.length).toBeGreaterThan(0);
    const all = h.logs.join('');
    expect(all).not.toContain(TOKEN);
    const tokens = h.fake.requests.filter((r) => r.path.endsWith('/callback')).map((r) => r.path.split('/')[3]);
    expect(tokens.length).toBeGreaterThan(3);
    for (const t of tokens) expect(all).not.toContain(t);
  });
});
