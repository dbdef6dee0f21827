// `paperbot start` with DISCORD_TOKEN set: the CLI connects the bot, answers, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { TOKEN } from './harness.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN, heartbeatIntervalMs: 1_000 });
});
afterAll(async () => {
  await fake?.close();
});

test('paperbot start connects to Discord, answers /papers and shuts down cleanly on SIGTERM', async () => {
  const bin = fileURLToPath(new URL('../../bin/paperbot.mjs', import.meta.url));
  // Only what the bot needs: no Redis (jobs run in-process), no Slack; the suite's PGlite template.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PAPERBOT_PGLITE_TEMPLATE: process.env.PAPERBOT_PGLITE_TEMPLATE, DATABASE_URL: 'memory://', DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'debug' };
  const child = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await fake.waitFor(() => output.includes('discord connected'), 'the bot to connect', 30_000);
    const { guild, channel } = fake.channel(0, 0);
    const it = fake.slashCommand({ guild, channel, user: fake.newUser('ada'), subcommand: 'help' });
    expect((await fake.waitForEdit(it.token)).body.content).toContain('/papers');
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  expect(fake.gatewayFramesIn(2)).toHaveLength(1);
  expect(output).not.toContain(TOKEN);
}, 60_000);
