// Socket Mode (SLACK_APP_TOKEN set): the real SocketModeClient connects to the fake's WebSocket,
// acks each envelope, and answers through the same handlers as HTTP mode.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackRuntime } from '../../adapters/slack/start.js';
import type { App } from '../../src/app.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { sampleApp } from '../helpers/app.js';
import { uniqueId } from '../helpers/slack-sign.js';

let fake: FakeSlack;
let core: App;
let rt: SlackRuntime;

beforeAll(async () => {
  fake = await startFakeSlack();
  core = await sampleApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: fake.apiUrl }, false);
  rt = await startSlack(core);
  await fake.socket.connected();
});

afterAll(async () => {
  await rt?.stop();
  await core?.close();
  await fake?.close();
});

afterEach(() => expect(fake.problems).toEqual([]));

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Socket Mode', () => {
  it('connects with the app token, not over HTTP', () => {
    expect(rt.slack.mode).toBe('socket');
    expect(rt.port).toBeNull();
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual(['xapp-test-token']);
  });

  it('acks a /papers envelope and answers through the response_url', async () => {
    const rid = uniqueId('r');
    const envelope = uniqueId('env');
    fake.socket.send({
      envelope_id: envelope,
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'legacy',
        team_id: 'T1',
        team_domain: 'fake',
        channel_id: 'C1',
        channel_name: 'general',
        user_id: 'U1',
        user_name: 'someone',
        command: '/papers',
        text: 'help',
        api_app_id: 'A1',
        is_enterprise_install: 'false',
        response_url: fake.responseUrl(rid),
        trigger_id: 'trig',
      },
    });
    const ack = await until(() => fake.socket.acks.find((a) => a.envelope_id === envelope), 'the ack');
    expect(ack.envelope_id).toBe(envelope);
    const answer = await fake.waitFor((c) => c.responseId === rid);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain('/papers subscribe');
  });

  it('receives events too (App Home opened)', async () => {
    const before = fake.callsTo('views.publish').length;
    fake.socket.send({
      envelope_id: uniqueId('env'),
      type: 'events_api',
      accepts_response_payload: false,
      payload: {
        token: 'legacy',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: uniqueId('Ev'),
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.0' },
      },
    });
    const pub = await fake.waitFor((c) => c.method === 'views.publish' && fake.callsTo('views.publish').indexOf(c) >= before);
    expect(pub.body.user_id).toBe('U1');
  });
});
