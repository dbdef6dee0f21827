// The real Bolt app over HTTP, with requests signed as Slack signs them, against a loopback fake
// Slack Web API. Every Block Kit payload the fake receives is checked against Slack's limits.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/blocks.js';
import { startSlack, type SlackRuntime } from '../../adapters/slack/start.js';
import type { App } from '../../src/app.js';
import { bookmarks, channels, postedMessages } from '../../src/db/schema.js';
import { publish } from '../../src/delivery/publish.js';
import { toCard } from '../../src/reply/cards.js';
import { findChannel } from '../../src/channels/channels.js';
import { addBookmark, listBookmarks } from '../../src/library/bookmarks.js';
import { channelDisliked } from '../../src/library/taste-feedback.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { getPaper } from '../../src/papers/store.js';
import { startFakeSlack, type FakeCall, type FakeSlack } from '../fakes/slack-api.js';
import { sampleApp } from '../helpers/app.js';
import { buttonBody, commandBody, eventBody, postSigned, reactionEvent, uniqueId, type Who } from '../helpers/slack-sign.js';

const SECRET = 'test-signing-secret';
let fake: FakeSlack;
let core: App;
let rt: SlackRuntime;
let events: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  core = await sampleApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
  rt = await startSlack(core, { port: 0, host: '127.0.0.1', clientOptions: { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } } });
  events = `http://127.0.0.1:${rt.port}/slack/events`;
});

afterAll(async () => {
  await rt?.stop();
  await core?.close();
  await fake?.close();
});

afterEach(() => {
  expect(fake.problems).toEqual([]);
});

/** A fresh workspace per test: no test sees another's bookmarks or channels. */
function who(over: Partial<Who> = {}): Who {
  return { teamId: uniqueId('T'), userId: uniqueId('U'), channelId: uniqueId('C').toUpperCase(), ...over };
}

async function command(w: Who, text: string): Promise<{ status: number; ack: string; answers: FakeCall[] }> {
  const id = uniqueId('r');
  const res = await postSigned(events, SECRET, commandBody(w, text, fake.responseUrl(id)), 'form');
  await rt.slack.queue.idle();
  return { status: res.status, ack: res.text, answers: fake.calls.filter((c) => c.responseId === id) };
}

async function press(w: Who, actionId: string, value: string, container?: Record<string, unknown>) {
  const id = uniqueId('r');
  const res = await postSigned(events, SECRET, buttonBody(w, { actionId, value }, container?.type === 'view' ? null : fake.responseUrl(id), container), 'form');
  await rt.slack.queue.idle();
  return { status: res.status, answers: fake.calls.filter((c) => c.responseId === id) };
}

async function event(teamId: string, e: Record<string, unknown>) {
  const res = await postSigned(events, SECRET, eventBody(teamId, e), 'json');
  await rt.slack.queue.idle();
  return res;
}

const disliked = async (w: Who) => {
  const c = await findChannel(core.db, { platform: 'slack', workspaceId: w.teamId, channelId: w.channelId });
  return c ? (await channelDisliked(core.db, c.id)).map((p) => p.id) : [];
};

const blocksText = (c: FakeCall) => JSON.stringify(c.body.blocks ?? []);
const buttons = (c: FakeCall) =>
  (c.body.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Array<{ action_id: string; value: string }>);

async function postOnePaper(w: Who, paperId: string) {
  const paper = await getPaper(core.db, paperId);
  // As delivery posts it: published, so the one-paper message is recorded.
  return publish(core, rt.poster, {
    to: { platform: 'slack', workspaceId: w.teamId, channelId: w.channelId },
    reply: { text: '', cards: [toCard(paper!)], actions: [], visibility: 'channel' },
  });
}

async function anyPaperId(): Promise<string> {
  return core.search.search('lora', { limit: 1 }).hits[0].id;
}

describe('/papers over HTTP', () => {
  it('acks a search at once and answers the asker privately, with cards and a share button', async () => {
    const w = who();
    const r = await command(w, 'lora');
    expect(r.status).toBe(200);
    expect(r.ack).toBe('');
    expect(r.answers).toHaveLength(1);
    const a = r.answers[0];
    expect(a.body.response_type).toBe('ephemeral');
    const ids = buttons(a);
    expect(ids.filter((b) => b.action_id === ACTION.bookmark).length).toBeGreaterThanOrEqual(3);
    expect(ids.filter((b) => b.action_id === ACTION.similar).length).toBe(ids.filter((b) => b.action_id === ACTION.bookmark).length);
    expect(ids.find((b) => b.action_id === ACTION.share)?.value).toBe('lora');
    // a card: bold title, a TL;DR, why it matched (the sample has no arXiv ids, so no links here)
    expect(blocksText(a)).toMatch(/\*[^*]*LoRA[^*]*\*\\n(?:[\w.-]+\\n)?\*TL;DR:\*/);
    expect(blocksText(a)).toContain('TL;DR');
    expect(blocksText(a)).toMatch(/Why: \S/);
    // nothing was posted in the channel
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body.channel === w.channelId)).toHaveLength(0);
  });

  it('answers help and an unknown form with the help text, privately', async () => {
    const r = await command(who(), 'help');
    expect(r.answers[0].body.response_type).toBe('ephemeral');
    expect(blocksText(r.answers[0])).toContain('/papers subscribe');
    const bad = await command(who(), 'settings time 25:99');
    expect(blocksText(bad.answers[0])).toContain('time must be HH:MM');
  });

  it('subscribe answers in the channel; the subscription is kept for that workspace only', async () => {
    const w = who();
    const r = await command(w, 'subscribe speculative decoding');
    expect(r.answers[0].body.response_type).toBe('in_channel');
    expect(blocksText(r.answers[0])).toContain('Subscribed this channel to \\"speculative decoding\\"');
    const rows = await core.db.select().from(channels).where(and(eq(channels.platform, 'slack'), eq(channels.channelId, w.channelId)));
    expect(rows.map((c) => c.workspaceId)).toEqual([w.teamId]);
  });

  it('share posts the results in the channel and replaces the private copy; a multi-paper message is not recorded', async () => {
    const w = who();
    const before = fake.callsTo('chat.postMessage').length;
    const r = await press(w, ACTION.share, 'lora');
    const posts = fake.callsTo('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0].body.channel).toBe(w.channelId);
    expect(posts[0].token).toBe('xoxb-test-token');
    expect(buttons(posts[0]).some((b) => b.action_id === ACTION.share)).toBe(false);
    expect(r.answers.map((a) => a.body.replace_original)).toEqual([true]);
    const [{ n }] = await core.db.select({ n: count() }).from(postedMessages).where(eq(postedMessages.channelId, w.channelId));
    expect(n).toBe(0);
  });

  it('retries chat.postMessage after a 429 with Retry-After', async () => {
    const w = who();
    fake.rateLimitNext('chat.postMessage', 1);
    const before = fake.callsTo('chat.postMessage').length;
    await press(w, ACTION.share, 'diffusion');
    const posts = fake.callsTo('chat.postMessage').slice(before);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[1].body.channel).toBe(w.channelId);
  });

  it('answers through the response_url when the bot may not post in the channel', async () => {
    const w = who({ channelId: 'GPRIVATE1' });
    fake.channelErrors.set('GPRIVATE1', 'not_in_channel');
    const r = await press(w, ACTION.share, 'lora');
    expect(r.answers.map((a) => a.body.response_type)).toEqual(['in_channel', 'ephemeral', 'ephemeral']);
    expect(r.answers[1].body.text).toContain('/invite');
  });

  it('the bookmark button saves the paper for the presser, in that workspace only', async () => {
    const w = who();
    const id = await anyPaperId();
    const r = await press(w, ACTION.bookmark, id);
    expect(r.answers[0].body.response_type).toBe('ephemeral');
    expect(r.answers[0].body.replace_original).toBe(false);
    expect((await listBookmarks(core.db, { platform: 'slack', workspaceId: w.teamId, userId: w.userId })).map((b) => b.paper.id)).toEqual([id]);

    const same = await command(w, 'bookmarks');
    expect(blocksText(same.answers[0])).toContain(id);
    // the same user id in another workspace has nothing
    const other = await command({ ...w, teamId: uniqueId('T') }, 'bookmarks');
    expect(blocksText(other.answers[0])).toContain('no bookmarks yet');
  });

  it('every card has a "less like this" button; pressing it marks the paper for the channel; /papers taste shows it and taste reset clears it in the channel', async () => {
    const w = who();
    const search = await command(w, 'lora');
    const less = buttons(search.answers[0]).filter((b) => b.action_id === ACTION.less);
    expect(less.length).toBeGreaterThan(1);
    const r = await press(w, ACTION.less, less[0].value);
    expect(r.answers[0].body.response_type).toBe('ephemeral');
    expect(r.answers[0].body.text).toMatch(/^Noted: fewer papers like ".+" in this channel's digest\./);
    expect(await disliked(w)).toEqual([less[0].value]);
    const taste = await command(w, 'taste');
    expect(blocksText(taste.answers[0])).toMatch(/Less of: .*lora.*1 paper marked \\"less like this\\"/);
    const reset = await command(w, 'taste reset');
    expect(reset.answers[0].body.response_type).toBe('in_channel');
    expect(blocksText(reset.answers[0])).toContain('taste was reset and 1');
    expect(await disliked(w)).toEqual([]);
  });

  it('export bibtex answers privately with the BibTeX inline', async () => {
    const w = who();
    const ids = core.search.search('diffusion', { limit: 2 }).hits.map((h) => h.id);
    for (const id of ids) await press(w, ACTION.bookmark, id);
    const r = await command(w, 'export bibtex');
    expect(r.answers[0].body.response_type).toBe('ephemeral');
    const text = blocksText(r.answers[0]);
    expect(text).toContain('```@');
    expect(text.match(/@\w+\{/g)?.length).toBe(2);
  });

  it('the similar button answers privately with other papers', async () => {
    const id = await anyPaperId();
    const r = await press(who(), ACTION.similar, id);
    expect(r.answers[0].body.response_type).toBe('ephemeral');
    expect(blocksText(r.answers[0])).toContain('Papers similar to');
    expect(buttons(r.answers[0]).filter((b) => b.action_id === ACTION.bookmark).length).toBeGreaterThan(0);
  });

  it('escapes &, <, > in paper text: an abstract cannot ping the channel or fake a link', async () => {
    await core.addPapers([
      normalizePaper({
        id: '2501.00001',
        title: 'Attention <!channel> & <https://evil.example|Totally Safe> Transformers',
        abstract: 'We show <!here> that <@U123> gets pinged by <https://evil.example|this link> & more. Results improve by 5%.',
        authors: ['A <b>Bold</b> Author'],
      }),
    ]);
    const r = await command(who(), 'paper 2501.00001');
    const text = blocksText(r.answers[0]) + String(r.answers[0].body.text);
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt;');
    // the one link is ours: the title, to arXiv
    expect(text).toContain('<https://arxiv.org/abs/2501.00001|Attention &lt;!channel&gt; &amp; &lt;https://evil.example|Totally Safe&gt; Transformers>');
    expect(text).toContain('&amp;');
  });
});

describe('reactions', () => {
  it(':bookmark: on a one-paper bot message bookmarks it for the reactor; removing it unbookmarks', async () => {
    const w = who();
    const id = await anyPaperId();
    const posted = await postOnePaper(w, id);
    const before = fake.callsTo('chat.postEphemeral').length;

    expect((await event(w.teamId, reactionEvent(true, { user: w.userId, reaction: 'bookmark', channel: w.channelId, ts: posted.messageId }))).status).toBe(200);
    expect((await listBookmarks(core.db, { platform: 'slack', workspaceId: w.teamId, userId: w.userId })).map((b) => b.paper.id)).toEqual([id]);
    const confirm = fake.callsTo('chat.postEphemeral').slice(before);
    expect(confirm.map((c) => c.body.user)).toEqual([w.userId]);

    await event(w.teamId, reactionEvent(false, { user: w.userId, reaction: 'bookmark', channel: w.channelId, ts: posted.messageId }));
    expect(await listBookmarks(core.db, { platform: 'slack', workspaceId: w.teamId, userId: w.userId })).toEqual([]);
  });

  it(':-1: (or :thumbsdown:) on a one-paper bot message is "less like this" for the channel; removing it takes it back', async () => {
    const w = who();
    const id = await anyPaperId();
    const posted = await postOnePaper(w, id);
    const base = { user: w.userId, channel: w.channelId, ts: posted.messageId };
    const before = fake.callsTo('chat.postEphemeral').length;
    await event(w.teamId, reactionEvent(true, { ...base, reaction: '-1' }));
    expect(await disliked(w)).toEqual([id]);
    expect(fake.callsTo('chat.postEphemeral').slice(before).map((c) => c.body.text)).toEqual([expect.stringMatching(/^Noted: fewer papers like/)]);
    await event(w.teamId, reactionEvent(false, { ...base, reaction: '-1' }));
    expect(await disliked(w)).toEqual([]);
    await event(w.teamId, reactionEvent(true, { ...base, reaction: 'thumbsdown::skin-tone-3' }));
    expect(await disliked(w)).toEqual([id]);
    // Not a bookmark.
    expect(await listBookmarks(core.db, { platform: 'slack', workspaceId: w.teamId, userId: w.userId })).toEqual([]);
  });

  it('ignores other emoji, the bot itself, other messages and other authors', async () => {
    const w = who();
    const posted = await postOnePaper(w, await anyPaperId());
    const base = { user: w.userId, channel: w.channelId, ts: posted.messageId };
    await event(w.teamId, reactionEvent(true, { ...base, reaction: 'thumbsup' }));
    await event(w.teamId, reactionEvent(true, { ...base, reaction: 'bookmark', user: 'UBOT' }));
    await event(w.teamId, reactionEvent(true, { ...base, reaction: 'bookmark', ts: '1600000000.000001' }));
    await event(w.teamId, reactionEvent(true, { ...base, reaction: 'bookmark', itemUser: 'USOMEONE' }));
    // the same message, but the event claims another workspace
    await event(uniqueId('T'), reactionEvent(true, { ...base, reaction: 'bookmark' }));
    const [{ n }] = await core.db.select({ n: count() }).from(bookmarks).where(eq(bookmarks.workspaceId, w.teamId));
    expect(n).toBe(0);
    const all = await core.db.select({ n: count() }).from(bookmarks).where(eq(bookmarks.userId, w.userId));
    expect(all[0].n).toBe(0);
  });
});

describe('App Home', () => {
  it('shows the user bookmarks and this workspace channel digests, refreshed when opened', async () => {
    const w = who();
    const other = who();
    const id = await anyPaperId();
    await addBookmark(core.db, { platform: 'slack', workspaceId: w.teamId, userId: w.userId }, id);
    await command(w, 'subscribe retrieval augmented generation');
    await command(other, 'subscribe secret other topic');

    const before = fake.callsTo('views.publish').length;
    await event(w.teamId, { type: 'app_home_opened', user: w.userId, channel: 'D1', tab: 'home' });
    const [pub] = fake.callsTo('views.publish').slice(before);
    expect(pub.body.user_id).toBe(w.userId);
    const view = JSON.stringify(pub.body.view);
    expect(view).toContain(id);
    expect(view).toContain(`<#${w.channelId}>`);
    expect(view).toContain('retrieval augmented generation');
    expect(view).not.toContain('secret other topic');

    // Remove on the Home tab unbookmarks and republishes
    await press(w, ACTION.unbookmark, id, { type: 'view', view_id: 'V1' });
    expect(await listBookmarks(core.db, { platform: 'slack', workspaceId: w.teamId, userId: w.userId })).toEqual([]);
    const again = fake.callsTo('views.publish').slice(before);
    expect(again).toHaveLength(2);
    expect(JSON.stringify(again[1].body.view)).toContain('Nothing saved yet');
  });

  it('stays inside the 100-block view limit with many bookmarks', async () => {
    const w = who();
    const ids = core.search.search('model', { limit: 60 }).hits.map((h) => h.id);
    for (const id of ids) await addBookmark(core.db, { platform: 'slack', workspaceId: w.teamId, userId: w.userId }, id);
    const before = fake.callsTo('views.publish').length;
    await event(w.teamId, { type: 'app_home_opened', user: w.userId, channel: 'D1', tab: 'home' });
    const [pub] = fake.callsTo('views.publish').slice(before);
    expect(pub.status).toBe(200);
    expect(pub.body.view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(pub.body.view)).toContain('/papers bookmarks');
  });
});

describe('requests Slack did not sign are refused with nothing processed', () => {
  async function state() {
    const [b] = await core.db.select({ n: count() }).from(bookmarks);
    const [c] = await core.db.select({ n: count() }).from(channels);
    return { calls: fake.calls.length, bookmarks: b.n, channels: c.n };
  }

  it('a bad signature, a stale timestamp, a missing signature: 401', async () => {
    const w = who();
    const before = await state();
    const body = commandBody(w, 'subscribe forged topic', fake.responseUrl('forged'));
    expect((await postSigned(events, SECRET, body, 'form', { secret: 'not-the-secret' })).status).toBe(401);
    expect((await postSigned(events, SECRET, body, 'form', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await postSigned(events, SECRET, body, 'form', { signature: 'v0=' })).status).toBe(401);
    const paper = await anyPaperId();
    expect((await postSigned(events, SECRET, buttonBody(w, { actionId: ACTION.bookmark, value: paper }, fake.responseUrl('forged')), 'form', { secret: 'x' })).status).toBe(401);
    await rt.slack.queue.idle();
    expect(await state()).toEqual(before);
    expect(fake.calls.filter((c) => c.responseId === 'forged')).toEqual([]);
  });

  it('a malformed payload: 400', async () => {
    const before = await state();
    expect((await postSigned(events, SECRET, 'payload=%7Bnot-json', 'form')).status).toBe(400);
    expect((await postSigned(events, SECRET, '{"type": "event_callback", ', 'json')).status).toBe(400);
    await rt.slack.queue.idle();
    expect(await state()).toEqual(before);
    // and the app still answers a good request afterwards
    expect((await command(who(), 'help')).answers).toHaveLength(1);
  });
});
