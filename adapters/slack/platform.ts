import type { z } from 'zod';
import { optional, url, type Config } from '../../src/config.js';
import type { Platform } from '../platform.js';

const slackEnv = {
  SLACK_BOT_TOKEN: optional.refine((s) => s === undefined || /^xox[bp]-/.test(s), { message: 'expected a bot token starting with xoxb-' }),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional.refine((s) => s === undefined || s.startsWith('xapp-'), { message: 'expected an app-level token starting with xapp-' }),
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SLACK_API_URL: url('SLACK_API_URL'),
  /** Emoji names that bookmark a paper, comma-separated ("bookmark,pushpin"). */
  SLACK_BOOKMARK_EMOJI: optional.refine((s) => s === undefined || /^[:a-z0-9_+'\-]+(\s*,\s*[:a-z0-9_+'\-]+)*$/i.test(s), {
    message: 'expected emoji names separated by commas, e.g. bookmark,pushpin',
  }),
};

/** The Slack variables as validated (loadConfig with the registry). */
export type SlackEnv = Partial<z.output<z.ZodObject<typeof slackEnv>>>;

/** The config with its Slack variables typed: the one place this adapter reads them. */
export const slackConfig = (config: Config): Config & SlackEnv => config as Config & SlackEnv;

export const slackPlatform: Platform = {
  name: 'slack',
  env: slackEnv,
  checkEnv(env) {
    const issues = [];
    if ((env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID) && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      issues.push({ path: 'SLACK_SIGNING_SECRET', message: 'required when Slack is configured (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (env.SLACK_CLIENT_ID && (!env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET)) {
      issues.push({ path: 'SLACK_CLIENT_SECRET', message: 'SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are required with SLACK_CLIENT_ID' });
    }
    return issues;
  },
  secrets: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'],
  enabled: (config) => Boolean(slackConfig(config).SLACK_BOT_TOKEN || slackConfig(config).SLACK_CLIENT_ID),
  // Slack calls paperbot's HTTP endpoint on PORT: Bolt's server also carries /healthz and /metrics.
  servesHttp: true,
  async start(app, { routes }) {
    // Loaded only when Slack is on: a Discord-only process never loads Bolt.
    const { startSlack } = await import('./start.js');
    const { boltCustomRoutes } = await import('./custom-routes.js');
    // Replays and OAuth states: in Redis when there is one, so every replica knows what was taken.
    const shared = app.config.REDIS_URL
      ? (await import('./redis-seen-keys.js')).openRedisSeenKeys(app.config.REDIS_URL, app.log, app.config.QUEUE_PREFIX)
      : null;
    try {
      const running = await startSlack(app, { customRoutes: boltCustomRoutes(routes), seen: shared?.seen });
      return {
        async stop() {
          await running.stop();
          await shared?.close();
        },
      };
    } catch (err) {
      await shared?.close();
      throw err;
    }
  },
  async createPoster(app) {
    const { createSlackPoster } = await import('./poster.js');
    return createSlackPoster(app);
  },
};
