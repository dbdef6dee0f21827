import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { App } from '../../src/app.js';
import { ensureWorkspace } from '../../src/channels/channels.js';
import type { Poster } from '../../src/delivery/poster.js';
import { createDiscordClient, safeError, type DiscordClientOptions } from './client.js';
import { handleInteraction, PLATFORM } from './interactions.js';
import { createDiscordPoster } from './poster.js';
import { handleReaction } from './reactions.js';
import { discordConfig } from './platform.js';

export interface RunningDiscord {
  client: Client;
  poster: Poster;
  stop(): Promise<void>;
}

/**
 * Connect to the gateway and answer /papers, buttons and 🔖 reactions. Resolves once the client is
 * ready (READY and every GUILD_CREATE seen). discord.js keeps the connection: heartbeats, resume
 * after a drop, re-identify when the session is gone.
 */
export async function startDiscord(app: App, options: DiscordClientOptions = {}): Promise<RunningDiscord> {
  const config = discordConfig(app.config);
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set');
  const client = createDiscordClient(config, options);
  const log = app.log.child({ platform: PLATFORM });
  const remember = (g: { id: string; name: string }) =>
    ensureWorkspace(app.db, PLATFORM, g.id, { name: g.name }).catch((err) => log.warn({ err: safeError(err) }, 'could not record guild'));

  client.on(Events.InteractionCreate, (i) => void handleInteraction(app, i));
  client.on(Events.MessageReactionAdd, (r, u) => void handleReaction(app, client, r, u, true));
  client.on(Events.MessageReactionRemove, (r, u) => void handleReaction(app, client, r, u, false));
  client.on(Events.GuildCreate, (g) => void remember(g));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
  let stopping = false;
  client.on(Events.ShardReconnecting, (shard) => stopping || log.info({ shard }, 'discord gateway reconnecting'));
  client.on(Events.ShardError, (err, shard) => log.warn({ err: safeError(err), shard }, 'discord gateway error'));
  client.on(Events.Error, (err) => log.error({ err: safeError(err) }, 'discord client error'));
  client.rest.on('rateLimited', (r) => log.debug({ route: r.route, method: r.method, retryAfter: r.retryAfter, global: r.global }, 'discord rate limit'));

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (err) {
    await client.destroy().catch(() => {});
    throw new Error(`Discord login failed: ${safeError(err).message}`);
  }
  for (const g of client.guilds.cache.values()) await remember(g);
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');

  return {
    client,
    poster: createDiscordPoster(app, { rest: client.rest }),
    async stop() {
      stopping = true;
      await client.destroy();
    },
  };
}
