import { PLATFORMS } from '../../adapters/platforms.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

/** A core on a throwaway PGlite with the bundled sample, as a fresh install sees it. */
export async function sampleApp(env: Record<string, string> = {}, seed = true): Promise<App> {
  return createApp(loadConfig({ DATABASE_URL: 'memory://', ...env }, PLATFORMS), { seed, syncIntervalMs: 0 });
}

export const CTX = { platform: 'test', workspaceId: 'W1', channelId: 'C1', userId: 'U1' };
