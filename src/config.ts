import { z } from 'zod';

/** An optional variable: trimmed, and empty counts as unset. */
export const optional = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s ? s : undefined));

export const url = (what: string) =>
  optional.refine((s) => s === undefined || /^https?:\/\/[^\s]+$/i.test(s), { message: `expected an http(s) URL for ${what}` });

const coreShape = {
    DATABASE_URL: optional.transform((s) => s ?? './data/pglite'),
    /**
     * PostgreSQL connections per process. A worker runs up to 50 deliveries and 10 composes at
     * once, each a chain of short queries: too few connections and they queue for one.
     */
    DATABASE_POOL_SIZE: optional
      .transform((s) => (s === undefined ? 10 : Number(s)))
      .refine((n) => Number.isInteger(n) && n >= 1 && n <= 200, { message: 'expected a whole number of connections from 1 to 200' }),
    REDIS_URL: optional.refine((s) => s === undefined || /^rediss?:\/\//.test(s), { message: 'expected redis://host:port' }),
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
};

/** An issue with the environment: the variable and what was expected. */
export interface EnvIssue {
  path: string;
  message: string;
}

/**
 * What a chat platform declares about its environment (adapters/platform.ts is the whole
 * contract): the variables it reads, rules across them, and which hold secrets.
 */
export interface PlatformEnv {
  name: string;
  env: z.ZodRawShape;
  checkEnv?(env: Record<string, unknown>): EnvIssue[];
  secrets: readonly string[];
}

function coreRules(env: z.output<z.ZodObject<typeof coreShape>>): EnvIssue[] {
  const issues: EnvIssue[] = [];
  if (Boolean(env.BULL_BOARD_USER) !== Boolean(env.BULL_BOARD_PASSWORD)) {
    issues.push({ path: env.BULL_BOARD_USER ? 'BULL_BOARD_PASSWORD' : 'BULL_BOARD_USER', message: 'set both BULL_BOARD_USER and BULL_BOARD_PASSWORD, or neither' });
  }
  if (env.LLM_BASE_URL && !env.LLM_MODEL) issues.push({ path: 'LLM_MODEL', message: 'required when LLM_BASE_URL is set' });
  return issues;
}

function schemaFor(platforms: readonly PlatformEnv[]) {
  return z.object(Object.assign({}, coreShape, ...platforms.map((p) => p.env)) as typeof coreShape).superRefine((env, ctx) => {
    const issues = [...coreRules(env), ...platforms.flatMap((p) => p.checkEnv?.(env) ?? [])];
    for (const i of issues) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
  });
}

/** Every environment variable paperbot reads with these platforms (the compose check holds .env.example to it). */
export function envNames(platforms: readonly PlatformEnv[] = []): string[] {
  return [...Object.keys(coreShape), ...platforms.flatMap((p) => Object.keys(p.env))];
}

/**
 * A platform's variables (`SLACK_BOT_TOKEN`), validated by its schema; its adapter reads them
 * through its own typed view (`slackConfig(config)`), the core never does.
 */
type PlatformValues = { readonly [name: `${string}_${string}`]: unknown };

export type Config = z.output<z.ZodObject<typeof coreShape>> &
  PlatformValues & {
    llmEnabled: boolean;
  };

export class ConfigError extends Error {}

/**
 * Validate the environment: the core's variables and those of the platforms given (the adapters'
 * registry, adapters/platforms.ts). Throws ConfigError naming each wrong variable and what was expected.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, platforms: readonly PlatformEnv[] = []): Config {
  const parsed = schemaFor(platforms).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    llmEnabled: Boolean(c.LLM_BASE_URL),
  };
}
