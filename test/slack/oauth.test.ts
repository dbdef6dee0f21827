// Multi-workspace install: OAuth at /slack/install and /slack/oauth_redirect with the real Bolt
// installer, installations in our database, and each workspace answered with its own token.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/blocks.js';
import { startSlack, type SlackRuntime } from '../../adapters/slack/start.js';
import type { App } from '../../src/app.js';
import { postedMessages, slackInstallations } from '../../src/db/schema.js';
import { PermanentPostError } from '../../src/delivery/poster.js';
import { listBookmarks } from '../../src/library/bookmarks.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { sampleApp } from '../helpers/app.js';
import { buttonBody, commandBody, eventBody, postSigned, uniqueId, type Who } from '../helpers/slack-sign.js';

const SECRET = 'oauth-signing-secret';
let fake: FakeSlack;
let core: App;
let rt: SlackRuntime;
let base: string;

const grant = (team: { id: string; name: string } | null, token: string, botUser: string, enterprise?: { id: string; name: string }) => ({
  app_id: 'A1',
  authed_user: { id: 'UINSTALLER' },
  scope: 'commands,chat:write,chat:write.public,reactions:read',
  token_type: 'bot',
  access_token: token,
  bot_user_id: botUser,
  team,
  enterprise: enterprise ?? null,
  is_enterprise_install: Boolean(enterprise && !team),
});

beforeAll(async () => {
  fake = await startFakeSlack({
    tokens: {
      'xoxb-team-a': { teamId: 'TA', botUserId: 'UBOTA', botId: 'BA' },
      'xoxb-team-b': { teamId: 'TB', botUserId: 'UBOTB', botId: 'BB' },
      'xoxb-org': { teamId: 'TORG', botUserId: 'UBOTO', botId: 'BO', enterpriseId: 'E1' },
    },
    oauthCodes: {
      'code-a': grant({ id: 'TA', name: 'Team A' }, 'xoxb-team-a', 'UBOTA'),
      'code-b': grant({ id: 'TB', name: 'Team B' }, 'xoxb-team-b', 'UBOTB'),
      'code-org': grant(null, 'xoxb-org', 'UBOTO', { id: 'E1', name: 'Org' }),
    },
  });
  core = await sampleApp(
    { SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl },
    false,
  );
  await core.addPapers([normalizePaper({ id: '2106.09685', title: 'LoRA: Low-Rank Adaptation of Large Language Models', abstract: 'We freeze the weights and train low-rank updates.' })]);
  rt = await startSlack(core, { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${rt.port}`;
});

afterAll(async () => {
  await rt?.stop();
  await core?.close();
  await fake?.close();
});

afterEach(() => expect(fake.problems).toEqual([]));

/** Visit /slack/install like a browser, then come back from Slack with a code (and, with `replay`, once more). */
async function install(code: string, tamper = false, replay?: string): Promise<{ status: number; body: string; replayed?: number }> {
  const page = await fetch(`${base}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const state = decodeURIComponent(html.match(/[?&;]state=([^"&]+)/)![1]);
  const cookie = page.headers.get('set-cookie')!.split(';')[0];
  expect(html).toContain('client_id=111.222');
  expect(html).toContain('scope=commands%2Cchat%3Awrite');
  const back = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie: tamper ? 'slack-app-oauth-state=someone-else' : cookie },
  });
  const again = replay
    ? await fetch(`${base}/slack/oauth_redirect?code=${replay}&state=${encodeURIComponent(state)}`, { headers: { cookie } })
    : undefined;
  return { status: back.status, body: await back.text(), replayed: again?.status };
}

async function command(w: Who, text: string, enterpriseInstall = false) {
  const id = uniqueId('r');
  const res = await postSigned(`${base}/slack/events`, SECRET, commandBody(w, text, fake.responseUrl(id), { enterpriseInstall }), 'form');
  await rt.slack.queue.idle();
  return { status: res.status, answers: fake.calls.filter((c) => c.responseId === id) };
}

async function press(w: Who, actionId: string, value: string) {
  const id = uniqueId('r');
  await postSigned(`${base}/slack/events`, SECRET, buttonBody(w, { actionId, value }, fake.responseUrl(id)), 'form');
  await rt.slack.queue.idle();
  return fake.calls.filter((c) => c.responseId === id);
}

describe('OAuth install to many workspaces', () => {
  it('a state that is not this browser session installs nothing', async () => {
    const r = await install('code-a', true);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(await core.db.select().from(slackInstallations)).toEqual([]);
    expect(fake.callsTo('oauth.v2.access')).toEqual([]);
  });

  it('installs two workspaces; each is answered with its own token and sees only its own bookmarks', async () => {
    expect((await install('code-a')).status).toBe(200);
    expect((await install('code-b')).status).toBe(200);
    const rows = await core.db.select().from(slackInstallations);
    expect(rows.map((r) => [r.id, r.teamId]).sort()).toEqual([
      ['TA', 'TA'],
      ['TB', 'TB'],
    ]);
    expect(fake.callsTo('oauth.v2.access').map((c) => c.body.client_secret)).toEqual(['client-secret', 'client-secret']);

    const a: Who = { teamId: 'TA', userId: 'U1', channelId: 'CA' };
    const b: Who = { teamId: 'TB', userId: 'U1', channelId: 'CB' };
    expect((await command(a, 'help')).answers).toHaveLength(1);

    const before = fake.callsTo('chat.postMessage').length;
    await press(a, ACTION.share, 'lora');
    await press(b, ACTION.share, 'lora');
    const posts = fake.callsTo('chat.postMessage').slice(before);
    expect(posts.map((p) => [p.body.channel, p.token])).toEqual([
      ['CA', 'xoxb-team-a'],
      ['CB', 'xoxb-team-b'],
    ]);
    // one result, so the shared message shows one paper: recorded, so a reaction on it bookmarks it
    const shared = await core.db.select().from(postedMessages).where(eq(postedMessages.channelId, 'CA'));
    expect(shared.map((m) => [m.paperId, m.workspaceId, m.messageId])).toEqual([['2106.09685', 'TA', posts[0].response?.ts]]);

    // the same user id in two workspaces: two separate libraries
    await press(a, ACTION.bookmark, '2106.09685');
    expect(await listBookmarks(core.db, { platform: 'slack', workspaceId: 'TA', userId: 'U1' })).toHaveLength(1);
    expect(await listBookmarks(core.db, { platform: 'slack', workspaceId: 'TB', userId: 'U1' })).toHaveLength(0);
    const bList = await command(b, 'bookmarks');
    expect(JSON.stringify(bList.answers[0].body.blocks)).toContain('no bookmarks yet');
  });

  it('the Poster picks the token of the destination workspace', async () => {
    const reply = { text: 'Digest', cards: [], actions: [], visibility: 'channel' as const };
    const before = fake.callsTo('chat.postMessage').length;
    await rt.poster.post({ to: { platform: 'slack', workspaceId: 'TB', channelId: 'CB' }, reply });
    await rt.poster.post({ to: { platform: 'slack', workspaceId: 'TA', channelId: 'CA' }, reply });
    expect(fake.callsTo('chat.postMessage').slice(before).map((c) => c.token)).toEqual(['xoxb-team-b', 'xoxb-team-a']);
    await expect(rt.poster.post({ to: { platform: 'slack', workspaceId: 'TNOPE', channelId: 'C1' }, reply })).rejects.toBeInstanceOf(PermanentPostError);
  });

  it('a state is good for one callback: the same state and cookie again install nothing', async () => {
    const calls = fake.callsTo('oauth.v2.access').length;
    const r = await install('code-a', false, 'code-org');
    expect(r.status).toBe(200);
    expect(r.replayed).toBe(400);
    expect(fake.callsTo('oauth.v2.access').length - calls).toBe(1);
    expect(await core.db.select().from(slackInstallations).where(eq(slackInstallations.id, 'E1'))).toEqual([]);
  });

  it('a command from a workspace that never installed the app is not answered', async () => {
    const r = await command({ teamId: 'TNOPE', userId: 'U1', channelId: 'C1' }, 'help');
    expect(r.status).toBe(200);
    expect(r.answers).toEqual([]);
  });

  it('app_uninstalled forgets the installation', async () => {
    const res = await postSigned(`${base}/slack/events`, SECRET, eventBody('TB', { type: 'app_uninstalled' }, 'UBOTB'), 'json');
    expect(res.status).toBe(200);
    await rt.slack.queue.idle();
    expect(await core.db.select().from(slackInstallations).where(eq(slackInstallations.id, 'TB'))).toEqual([]);
    await expect(
      rt.poster.post({ to: { platform: 'slack', workspaceId: 'TB', channelId: 'CB' }, reply: { text: 'x', cards: [], actions: [], visibility: 'channel' } }),
    ).rejects.toBeInstanceOf(PermanentPostError);
  });

  it('an org-wide (Enterprise Grid) install is keyed by enterprise and answers its workspaces', async () => {
    expect((await install('code-org')).status).toBe(200);
    const [row] = await core.db.select().from(slackInstallations).where(eq(slackInstallations.id, 'E1'));
    expect([row.teamId, row.enterpriseId]).toEqual([null, 'E1']);
    const w: Who = { teamId: 'TX', userId: 'U9', channelId: 'CX', enterpriseId: 'E1' };
    const r = await command(w, 'help', true);
    expect(r.answers).toHaveLength(1);
    const before = fake.callsTo('chat.postMessage').length;
    await rt.poster.post({ to: { platform: 'slack', workspaceId: 'TX', channelId: 'CX' }, reply: { text: 'Digest', cards: [], actions: [], visibility: 'channel' } });
    expect(fake.callsTo('chat.postMessage').slice(before).map((c) => c.token)).toEqual(['xoxb-org']);
    // TB uninstalled above: its digest is a delivery failure, never a post with the one org's token
    await expect(
      rt.poster.post({ to: { platform: 'slack', workspaceId: 'TB', channelId: 'CB' }, reply: { text: 'Digest', cards: [], actions: [], visibility: 'channel' } }),
    ).rejects.toThrow(new PermanentPostError('paperbot is not installed in Slack workspace TB'));
    expect(fake.callsTo('chat.postMessage').slice(before).map((c) => c.token)).toEqual(['xoxb-org']);
  });
});
