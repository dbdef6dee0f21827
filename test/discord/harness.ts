import { Writable } from 'node:stream';
import { PLATFORMS } from '../../adapters/platforms.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startDiscord, type RunningDiscord } from '../../adapters/discord/start.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';

export const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.FakeTk.bm90LWEtcmVhbC10b2tlbi1qdXN0LWEtdGVzdA';

export interface Harness {
  fake: FakeDiscord;
  app: App;
  discord: RunningDiscord;
  /** Everything the app logged (to check no secret reaches the log). */
  logs: string[];
  close(): Promise<void>;
}

/** A fake Discord, a core on in-memory PGlite with the sample library, and the real client connected. */
export async function startHarness(): Promise<Harness> {
  const fake = await startFakeDiscord({ token: TOKEN, heartbeatIntervalMs: 400 });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({ DATABASE_URL: 'memory://', DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'debug' }, PLATFORMS);
  const app = await createApp(config, { seed: true, syncIntervalMs: 0, log: createLogger('debug', sink) });
  const discord = await startDiscord(app);
  return {
    fake,
    app,
    discord,
    logs,
    async close() {
      await discord.stop();
      await app.close();
      await fake.close();
    },
  };
}
