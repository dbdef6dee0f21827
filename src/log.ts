import pino from 'pino';

export type Logger = pino.Logger;

/** The core's environment variables whose values are secrets (each platform lists its own: `secrets`). */
export const SECRET_ENV = ['LLM_API_KEY', 'BULL_BOARD_PASSWORD', 'METRICS_TOKEN'] as const;
/** Environment variables that may carry a password inside a URL. */
export const URL_ENV = ['DATABASE_URL', 'REDIS_URL'] as const;

// Field names that hold a secret wherever they appear (top level or one object down).
const SECRET_KEYS = [
  'token', 'botToken', 'bot_token', 'appToken', 'app_token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token',
  'signingSecret', 'clientSecret', 'client_secret', 'stateSecret', 'apiKey', 'api_key', 'password', 'authorization', 'Authorization',
];
const headerPaths = (base: string) => ['authorization', 'Authorization', 'cookie', '["set-cookie"]', '["x-slack-signature"]', '["proxy-authorization"]'].map((h) => `${base}${h.startsWith('[') ? '' : '.'}${h}`);

// Anything that can carry a secret is redacted wherever it appears in a log object. Paths reach a
// fixed depth (pino's redaction has no "any depth"); the line scrubber below catches the rest.
export function redactPaths(secretEnv: readonly string[] = SECRET_ENV): string[] {
  return [
    ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]),
    ...[...new Set([...SECRET_ENV, ...secretEnv, ...URL_ENV])].flatMap((k) => [k, `*.${k}`]),
    ...['headers', '*.headers', 'req.headers', 'res.headers', 'err.config.headers', 'err.request.headers', 'options.headers'].flatMap(headerPaths),
  ];
}
export const REDACT_PATHS = redactPaths();

/** Token shapes that never belong in a log, whatever field or message they hide in. */
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\bxox[a-z]-[A-Za-z0-9-]{6,}/g, '[redacted]'], // Slack bot/user/config tokens
  [/\bxapp-[A-Za-z0-9-]{6,}/g, '[redacted]'], // Slack app-level tokens
  [/\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}\b/g, '[redacted]'], // Discord bot tokens
  [/\b(Bearer|Bot|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/g, '$1 [redacted]'], // Authorization header values
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"]*:)[^\s@/"]+@/gi, '$1[redacted]@'], // user:password@ in URLs
];

/**
 * The secret values of this environment, scrubbed from every line wherever they appear. URL
 * passwords are not among them: they are removed where they sit (`user:password@`), since a
 * compose default like postgres://paperbot:paperbot@... would otherwise blank every "paperbot".
 */
export function secretsFromEnv(env: Record<string, string | undefined> = process.env, names: readonly string[] = SECRET_ENV): string[] {
  const out: string[] = [];
  for (const name of new Set([...SECRET_ENV, ...names])) {
    const v = env[name]?.trim();
    if (v && v.length >= 6) out.push(v);
  }
  return out;
}

/** Replace known secret values and token shapes in one serialized log line. */
export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) {
    // In a JSON line a value appears escaped.
    const escaped = JSON.stringify(s).slice(1, -1);
    if (out.includes(escaped)) out = out.split(escaped).join('[redacted]');
  }
  for (const [re, to] of TOKEN_PATTERNS) out = out.replace(re, to);
  return out;
}

export interface LoggerOptions {
  /** Secret values to scrub from every line (default: those of process.env, see secretsFromEnv). */
  secrets?: readonly string[];
  /** More variables whose values are secret: the platforms' `secrets` (censored by field name too). */
  secretEnv?: readonly string[];
}

/**
 * pino with two layers of redaction: known secret fields are censored by path, then every
 * serialized line is scrubbed of the environment's secret values and of token shapes, so a
 * token inside an error message or a deep object does not get through either.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  const secrets = [...(options.secrets ?? secretsFromEnv(process.env, options.secretEnv))].sort((a, b) => b.length - a.length);
  return pino(
    {
      level,
      base: { app: 'paperbot' },
      redact: { paths: options.secretEnv ? redactPaths(options.secretEnv) : REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing (tests, the console chat). */
export const silentLogger: Logger = pino({ level: 'silent' });
