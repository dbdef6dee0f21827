import type { Platform } from '../adapters/platform.js';
import { PLATFORMS } from '../adapters/platforms.js';
import type { App } from '../src/app.js';
import type { Poster } from '../src/delivery/poster.js';
import { countDeliveries } from '../src/observability/count-deliveries.js';

/** One Poster per platform name ('slack', 'discord', ...). */
export type Posters = ReadonlyMap<string, Poster>;

/**
 * The Posters this process can use: one per platform the configuration turns on (each loads its
 * SDK only then, so a Discord-only worker never loads Bolt), plus any `extra` (tests inject a
 * loopback one).
 */
export async function postersFromConfig(app: App, extra: Poster[] = [], platforms: readonly Platform[] = PLATFORMS): Promise<Posters> {
  const out = new Map<string, Poster>();
  for (const platform of platforms) {
    if (!platform.enabled(app.config)) continue;
    const p = await platform.createPoster(app);
    out.set(p.platform, p);
  }
  for (const p of extra) out.set(p.platform, p);
  // Every post is counted (paperbot_deliveries_total) whichever runner delivers it.
  for (const [platform, p] of out) out.set(platform, countDeliveries(p, app.metrics));
  return out;
}
