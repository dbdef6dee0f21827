import { PermanentPostError, RateLimitedError, TransientPostError, type Poster } from '../delivery/poster.js';
import type { DeliveryOutcome, Metrics } from './metrics.js';

function outcomeOf(e: unknown): DeliveryOutcome {
  if (e instanceof RateLimitedError) return 'rate_limited';
  if (e instanceof TransientPostError) return 'transient';
  if (e instanceof PermanentPostError) return 'permanent';
  return 'unknown'; // time-out or unreadable error: the message may be on the platform
}

/**
 * The same Poster, counting every post by what the platform answered. One wrap covers every
 * caller (BullMQ workers, the in-process runner); `findPosted` is kept only if the Poster has it,
 * since delivery decides on its presence.
 */
export function countDeliveries(poster: Poster, metrics: Metrics): Poster {
  const counted: Poster = {
    platform: poster.platform,
    async post(message) {
      try {
        const ref = await poster.post(message);
        metrics.deliveries.inc({ platform: poster.platform, outcome: 'posted' });
        return ref;
      } catch (e) {
        metrics.deliveries.inc({ platform: poster.platform, outcome: outcomeOf(e) });
        throw e;
      }
    },
  };
  if (poster.findPosted) counted.findPosted = poster.findPosted.bind(poster);
  return counted;
}
