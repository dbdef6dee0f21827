// One contract suite, run against every platform: the registered ones and a tiny test-only one
// registered here, which shows what adding a platform takes (one adapter object, one list entry):
// config validation, log redaction, the jobs' posters and start-up all read the list.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordPlatform } from '../../adapters/discord/platform.js';
import type { Platform } from '../../adapters/platform.js';
import { PLATFORMS } from '../../adapters/platforms.js';
import { slackPlatform } from '../../adapters/slack/platform.js';
import { enabledPlatforms, startPlatforms } from '../../cli/commands/start.js';
import { postersFromConfig } from '../../jobs/posters.js';
import type { App } from '../../src/app.js';
import { ConfigError, envNames, loadConfig, optional } from '../../src/config.js';
import type { OutgoingMessage } from '../../src/delivery/poster.js';
import { publish } from '../../src/delivery/publish.js';
import { createLogger, secretsFromEnv } from '../../src/log.js';
import { paperForMessage } from '../../src/messages/posted-messages.js';
import { latestPapers } from '../../src/papers/store.js';
import { toCard } from '../../src/reply/cards.js';
import { sampleApp } from '../helpers/app.js';

/** The test-only platform: what a new adapter folder's platform.ts would export. */
const posted: OutgoingMessage[] = [];
const running = new Set<string>();
const echoPlatform: Platform = {
  name: 'echo',
  env: { ECHO_TOKEN: optional.refine((s) => s === undefined || s.startsWith('echo-'), { message: 'expected a token starting with echo-' }) },
  secrets: ['ECHO_TOKEN'],
  enabled: (config) => Boolean(config.ECHO_TOKEN),
  async start(app) {
    running.add(String(app.config.ECHO_TOKEN));
    return { stop: async () => void running.delete(String(app.config.ECHO_TOKEN)) };
  },
  async createPoster() {
    return {
      platform: 'echo',
      async post(message) {
        posted.push(message);
        return { messageId: `echo-${posted.length}`, threadId: `echo-${posted.length}` };
      },
    };
  },
};

/** Each platform with the smallest environment that turns it on, and one wrong value it names. */
const CASES: Array<{ platform: Platform; on: Record<string, string>; wrong: [string, string] }> = [
  { platform: slackPlatform, on: { SLACK_BOT_TOKEN: 'xoxb-contract-0001', SLACK_SIGNING_SECRET: 'signing-contract-0001' }, wrong: ['SLACK_BOT_TOKEN', 'not-a-token'] },
  { platform: discordPlatform, on: { DISCORD_TOKEN: 'discord-contract-token-0001', DISCORD_APP_ID: '123456789012345678' }, wrong: ['DISCORD_APP_ID', 'abc'] },
  { platform: echoPlatform, on: { ECHO_TOKEN: 'echo-contract-0001' }, wrong: ['ECHO_TOKEN', 'nope'] },
];

let core: App;
beforeAll(async () => {
  core = await sampleApp({}, true);
});
afterAll(async () => {
  await core?.close();
});

it('every registered platform runs the contract suite', () => {
  expect(PLATFORMS.map((p) => p.name).sort()).toEqual(CASES.filter((c) => c.platform !== echoPlatform).map((c) => c.platform.name).sort());
});

describe.each(CASES)('platform contract: $platform.name', ({ platform, on, wrong }) => {
  // The registry with this platform in it, as adding its one line makes it.
  const platforms = PLATFORMS.includes(platform) ? PLATFORMS : [...PLATFORMS, platform];
  const prefix = `${platform.name.toUpperCase()}_`;

  it('declares its variables under its own prefix, its secrets among them', () => {
    const names = Object.keys(platform.env);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n.startsWith(prefix), n).toBe(true);
    for (const s of platform.secrets) expect(names).toContain(s);
    expect(envNames(platforms)).toEqual(expect.arrayContaining(names));
    expect(new Set(platforms.map((p) => p.name)).size).toBe(platforms.length);
  });

  it('config validation reads it: off without its variables, on with them, a wrong value named without echoing it', () => {
    expect(platform.enabled(loadConfig({}, platforms))).toBe(false);
    const config = loadConfig(on, platforms);
    expect(platform.enabled(config)).toBe(true);
    expect(enabledPlatforms(config, platforms)).toEqual([platform]);
    const err = (() => {
      try {
        loadConfig({ ...on, [wrong[0]]: wrong[1] }, platforms);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain(`${wrong[0]}:`);
    expect(err!.message).not.toContain(wrong[1]);
  });

  it('log redaction reads it: its secret values never reach a log line, by field or inside text', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const set = platform.secrets.filter((name) => on[name]);
    expect(set.length).toBeGreaterThan(0);
    const log = createLogger('info', sink, { secrets: secretsFromEnv(on, platform.secrets), secretEnv: platform.secrets });
    for (const name of set) {
      log.info({ [name]: on[name], nested: { [name]: on[name] } }, `starting with ${on[name]}`);
      log.error({ err: new Error(`login failed for ${on[name]}`) }, 'login failed');
    }
    expect(out).not.toBe('');
    for (const name of set) expect(out, name).not.toContain(on[name]);
  });

  it('the jobs layer gets its Poster from the registry, and a paper published through it is recorded', async () => {
    const app = { ...core, config: loadConfig({ ...on, DATABASE_URL: 'memory://' }, platforms) };
    const posters = await postersFromConfig(app, [], platforms);
    expect([...posters.keys()]).toEqual([platform.name]);
    expect(posters.get(platform.name)!.platform).toBe(platform.name);
    if (platform !== echoPlatform) return; // the real ones post over the network (test/slack, test/discord)
    const [paper] = await latestPapers(core.db, 1);
    const to = { platform: 'echo', workspaceId: 'W-echo', channelId: 'C-echo' };
    const ref = await publish(core, posters.get('echo')!, { to, reply: { text: paper.title, cards: [toCard(paper)], actions: [], visibility: 'channel' } });
    expect(await paperForMessage(core.db, { platform: 'echo', channelId: 'C-echo', messageId: ref.messageId })).toMatchObject({ paperId: paper.id, workspaceId: 'W-echo' });
  });

  // Starting the real ones needs their far side of the wire (test/slack, test/discord start them).
  if (platform === echoPlatform) it('start-up reads the registry: started with the routes, our own server when it serves none, stopped', async () => {
    const app = { ...core, config: loadConfig(on, platforms) };
    let listened = 0;
    const stops: Array<() => Promise<void>> = [];
    await startPlatforms(app, enabledPlatforms(app.config, platforms), { routes: [], listen: async () => (listened++, { port: null, close: async () => {} }) }, stops);
    expect(listened).toBe(1);
    expect(running.has(on.ECHO_TOKEN)).toBe(true);
    for (const stop of stops.reverse()) await stop();
    expect(running.size).toBe(0);
  });
});
