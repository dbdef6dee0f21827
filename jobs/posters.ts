import type { App } from '../src/app.js';
import type { Poster } from '../src/delivery/poster.js';
import { countDeliveries } from '../src/observability/count-deliveries.js';

/** One Poster per platform name ('slack', 'discord', ...). */
export type Posters = ReadonlyMap<string, Poster>;

/**
 * The Posters this process can use: Slack and Discord when configured, each loaded only then
 * (so a Discord-only worker never loads Bolt), plus any `extra` (tests inject a loopback one).
 */
export async function postersFromConfig(app: App, extra: Poster[] = []): Promise<Posters> {
  const out = new Map<string, Poster>();
  if (app.config.slackEnabled) {
    const { createSlackPoster } = await import('../adapters/slack/poster.js');
    const p = await createSlackPoster(app);
    out.set(p.platform, p);
  }
  if (app.config.discordEnabled) {
    const { createDiscordPoster } = await import('../adapters/discord/poster.js');
    const p = await createDiscordPoster(app);
    out.set(p.platform, p);
  }
  for (const p of extra) out.set(p.platform, p);
  // Every post is counted (paperbot_deliveries_total) whichever runner delivers it.
  for (const [platform, p] of out) out.set(platform, countDeliveries(p, app.metrics));
  return out;
}
