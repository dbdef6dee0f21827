import { z } from 'zod';

const optional = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s ? s : undefined));

const url = (what: string) =>
  optional.refine((s) => s === undefined || /^https?:\/\/[^\s]+$/i.test(s), { message: `expected an http(s) URL for ${what}` });

const schema = z
  .object({
    DATABASE_URL: optional.transform((s) => s ?? './data/pglite'),
    REDIS_URL: optional.refine((s) => s === undefined || /^rediss?:\/\//.test(s), { message: 'expected redis://host:port' }),
    SLACK_BOT_TOKEN: optional.refine((s) => s === undefined || /^xox[bp]-/.test(s), { message: 'expected a bot token starting with xoxb-' }),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional.refine((s) => s === undefined || s.startsWith('xapp-'), { message: 'expected an app-level token starting with xapp-' }),
    SLACK_CLIENT_ID: optional,
    SLACK_CLIENT_SECRET: optional,
    SLACK_STATE_SECRET: optional,
    SLACK_API_URL: url('SLACK_API_URL'),
    /** Emoji names that bookmark a paper, comma-separated ("bookmark,pushpin"). */
    SLACK_BOOKMARK_EMOJI: optional.refine((s) => s === undefined || /^[:a-z0-9_+'\-]+(\s*,\s*[:a-z0-9_+'\-]+)*$/i.test(s), { message: 'expected emoji names separated by commas, e.g. bookmark,pushpin' }),
    DISCORD_TOKEN: optional,
    DISCORD_APP_ID: optional.refine((s) => s === undefined || /^\d{5,25}$/.test(s), { message: 'expected a numeric application id' }),
    DISCORD_API_URL: url('DISCORD_API_URL'),
    LLM_BASE_URL: url('LLM_BASE_URL'),
    LLM_API_KEY: optional,
    LLM_MODEL: optional,
    ARXIV_API_URL: url('ARXIV_API_URL').transform((s) => s ?? 'https://export.arxiv.org/api/query'),
    ARXIV_FEED_URL: url('ARXIV_FEED_URL').transform((s) => s ?? 'https://rss.arxiv.org/atom'),
    HF_API_URL: url('HF_API_URL').transform((s) => s ?? 'https://huggingface.co'),
    /** After downtime, ingest fetches the announcement days it missed, at most this many days back. */
    INGEST_CATCH_UP_DAYS: optional
      .transform((s) => (s === undefined ? 14 : Number(s)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n <= 60, { message: 'expected a whole number of days from 0 (no catch-up) to 60' }),
    PORT: optional
      .transform((s) => (s === undefined ? 3000 : Number(s)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, { message: 'expected a port number from 0 to 65535' }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
    /** BullMQ key prefix in Redis: two deployments (or test runs) can share one Redis. */
    QUEUE_PREFIX: optional
      .refine((s) => s === undefined || /^[A-Za-z0-9_-]{1,64}$/.test(s), { message: 'expected letters, digits, _ or - (at most 64)' })
      .transform((s) => s ?? 'paperbot'),
    /** Basic auth for the queue dashboard at /admin/queues; both set (and REDIS_URL) turns it on. */
    BULL_BOARD_USER: optional,
    BULL_BOARD_PASSWORD: optional,
    /** Bearer token /metrics asks for; unset: /metrics is open (keep it off the public internet). */
    METRICS_TOKEN: optional,
  })
  .superRefine((env, ctx) => {
    const slack = env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID;
    if (slack && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required when Slack is configured (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (env.SLACK_CLIENT_ID && (!env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_CLIENT_SECRET'], message: 'SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are required with SLACK_CLIENT_ID' });
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APP_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APP_ID'], message: 'required when DISCORD_TOKEN is set' });
    }
    if (Boolean(env.BULL_BOARD_USER) !== Boolean(env.BULL_BOARD_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: [env.BULL_BOARD_USER ? 'BULL_BOARD_PASSWORD' : 'BULL_BOARD_USER'], message: 'set both BULL_BOARD_USER and BULL_BOARD_PASSWORD, or neither' });
    }
    if (env.LLM_BASE_URL && !env.LLM_MODEL) {
      ctx.addIssue({ code: 'custom', path: ['LLM_MODEL'], message: 'required when LLM_BASE_URL is set' });
    }
  });

/** Every environment variable paperbot reads (the compose check holds .env.example to this list). */
export const ENV_NAMES = Object.keys(schema.shape) as Array<keyof z.input<typeof schema>>;

export type Config = z.output<typeof schema> & {
  slackEnabled: boolean;
  discordEnabled: boolean;
  llmEnabled: boolean;
};

export class ConfigError extends Error {}

/** Validate the environment. Throws ConfigError naming each wrong variable and what was expected. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    slackEnabled: Boolean(c.SLACK_BOT_TOKEN || c.SLACK_CLIENT_ID),
    discordEnabled: Boolean(c.DISCORD_TOKEN),
    llmEnabled: Boolean(c.LLM_BASE_URL),
  };
}
