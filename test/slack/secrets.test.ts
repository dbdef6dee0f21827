// Tokens and secrets never reach the logs (Bolt, WebClient and OAuth log through our pino logger
// at debug level here) nor any reply, on good requests and failing ones alike.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../adapters/platforms.js';
import { ACTION } from '../../adapters/slack/blocks.js';
import { startSlack, type SlackRuntime } from '../../adapters/slack/start.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { buttonBody, commandBody, postSigned } from '../helpers/slack-sign.js';

const TOKEN = 'xoxb-test-token';
const SECRET = 'very-secret-signing-secret';
let fake: FakeSlack;
let core: App;
let rt: SlackRuntime;
let logs = '';

beforeAll(async () => {
  fake = await startFakeSlack();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  const config = loadConfig({ DATABASE_URL: 'memory://', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'debug' }, PLATFORMS);
  core = await createApp(config, { seed: false, syncIntervalMs: 0, log: createLogger('debug', sink) });
  await core.addPapers([normalizePaper({ id: '2106.09685', title: 'LoRA: Low-Rank Adaptation', abstract: 'We freeze weights and train low-rank updates.' })]);
  rt = await startSlack(core, { port: 0, host: '127.0.0.1', clientOptions: { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } } });
});

afterAll(async () => {
  await rt?.stop();
  await core?.close();
  await fake?.close();
});

describe('secrets', () => {
  it('appear in no log line and no payload, through successes, Slack errors and refused requests', async () => {
    const url = `http://127.0.0.1:${rt.port}/slack/events`;
    const w = { teamId: 'T1', userId: 'U1', channelId: 'C1' };
    await postSigned(url, SECRET, commandBody(w, 'lora', fake.responseUrl('a')), 'form');
    fake.failNext('chat.postMessage', { status: 500 }, 5);
    await postSigned(url, SECRET, buttonBody(w, { actionId: ACTION.share, value: 'lora' }, fake.responseUrl('b')), 'form');
    fake.channelErrors.set('CGONE', 'channel_not_found');
    await postSigned(url, SECRET, buttonBody({ ...w, channelId: 'CGONE' }, { actionId: ACTION.share, value: 'lora' }, fake.responseUrl('c')), 'form');
    await postSigned(url, SECRET, commandBody(w, 'help', fake.responseUrl('d')), 'form', { secret: 'wrong' });
    await rt.slack.queue.idle();
    await rt.poster.post({ to: { platform: 'slack', workspaceId: 'T1', channelId: 'CGONE' }, reply: { text: 'x', cards: [], actions: [], visibility: 'channel' } }).catch(() => {});

    // the failures happened, were logged, and the user got an apology
    expect(logs).toMatch(/slack request failed|listener error/);
    expect(logs).toContain('slack request refused: signature mismatch');
    expect(fake.calls.filter((c) => c.responseId === 'b').map((c) => c.body.text)).toEqual([expect.stringContaining('Sorry')]);

    for (const secret of [TOKEN, SECRET]) {
      expect(logs).not.toContain(secret);
      // (a `token` field is the credential sent to Slack itself, e.g. auth.test; not content)
      expect(JSON.stringify(fake.calls.map((c) => c.body), (k, v) => (k === 'token' ? undefined : v))).not.toContain(secret);
    }
  });
});
