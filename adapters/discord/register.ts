import { pathToFileURL } from 'node:url';
import { Routes, type REST } from 'discord.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createDiscordRest, safeError } from './client.js';
import { discordConfig, discordPlatform, type DiscordEnv } from './platform.js';
import { papersCommand } from './commands.js';

/**
 * Put paperbot's application commands on Discord: for one guild (appears at once; good for testing)
 * or globally (every guild the app is in). PUT replaces the whole set, so running it again is safe.
 */
export async function registerCommands(
  config: DiscordEnv,
  options: { guildId?: string; rest?: REST } = {},
): Promise<{ scope: string; names: string[] }> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) throw new ConfigError('DISCORD_TOKEN and DISCORD_APP_ID are required to register commands');
  if (options.guildId !== undefined && !/^\d{17,20}$/.test(options.guildId)) throw new ConfigError(`--guild expects a numeric guild id, not "${options.guildId.slice(0, 30)}"`);
  const rest = options.rest ?? createDiscordRest(config);
  const route = options.guildId
    ? Routes.applicationGuildCommands(config.DISCORD_APP_ID, options.guildId)
    : Routes.applicationCommands(config.DISCORD_APP_ID);
  const saved = (await rest.put(route, { body: [papersCommand()] })) as Array<{ name: string }>;
  return { scope: options.guildId ? `guild ${options.guildId}` : 'global', names: saved.map((c) => c.name) };
}

/** `npm run discord:register [-- --guild ID]` */
export async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--guild');
  const guildId = at >= 0 ? argv[at + 1] ?? '' : undefined;
  try {
    const { scope, names } = await registerCommands(discordConfig(loadConfig(process.env, [discordPlatform])), { guildId });
    process.stdout.write(`registered /${names.join(', /')} (${scope})${scope === 'global' ? '; global commands can take a while to show up' : ''}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `registering commands failed: ${safeError(err).message}`}\n`);
    return err instanceof ConfigError ? 78 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
