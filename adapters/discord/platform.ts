import type { z } from 'zod';
import { optional, url, type Config } from '../../src/config.js';
import type { Platform } from '../platform.js';

const discordEnv = {
  DISCORD_TOKEN: optional,
  DISCORD_APP_ID: optional.refine((s) => s === undefined || /^\d{5,25}$/.test(s), { message: 'expected a numeric application id' }),
  DISCORD_API_URL: url('DISCORD_API_URL'),
};

/** The Discord variables as validated (loadConfig with the registry). */
export type DiscordEnv = Partial<z.output<z.ZodObject<typeof discordEnv>>>;

/** The config with its Discord variables typed: the one place this adapter reads them. */
export const discordConfig = (config: Config): Config & DiscordEnv => config as Config & DiscordEnv;

export const discordPlatform: Platform = {
  name: 'discord',
  env: discordEnv,
  checkEnv: (env) => (env.DISCORD_TOKEN && !env.DISCORD_APP_ID ? [{ path: 'DISCORD_APP_ID', message: 'required when DISCORD_TOKEN is set' }] : []),
  secrets: ['DISCORD_TOKEN'],
  enabled: (config) => Boolean(discordConfig(config).DISCORD_TOKEN),
  async start(app) {
    // Loaded only when Discord is on: a Slack-only process never loads discord.js.
    const { startDiscord } = await import('./start.js');
    return startDiscord(app);
  },
  async createPoster(app) {
    const { createDiscordPoster } = await import('./poster.js');
    return createDiscordPoster(app);
  },
};
