import { discordPlatform } from './discord/platform.js';
import type { Platform } from './platform.js';
import { slackPlatform } from './slack/platform.js';

/**
 * Every chat platform a configuration can turn on: one line each (see adapters/platform.ts).
 * The console chat is not here: it is what `paperbot start` runs when none is on.
 */
export const PLATFORMS: readonly Platform[] = [slackPlatform, discordPlatform];
