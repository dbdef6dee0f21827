import pino from 'pino';

export type Logger = pino.Logger;

// Anything that can carry a secret is redacted wherever it appears in a log object.
export const REDACT_PATHS = [
  '*.token', '*.botToken', '*.bot_token', '*.appToken', '*.signingSecret', '*.clientSecret', '*.stateSecret',
  '*.apiKey', '*.authorization', '*.Authorization', '*.password',
  'headers.authorization', 'req.headers.authorization', 'req.headers["x-slack-signature"]',
  'config.SLACK_BOT_TOKEN', 'config.SLACK_SIGNING_SECRET', 'config.SLACK_APP_TOKEN', 'config.SLACK_CLIENT_SECRET',
  'config.SLACK_STATE_SECRET', 'config.DISCORD_TOKEN', 'config.LLM_API_KEY', 'config.DATABASE_URL', 'config.REDIS_URL',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'paperbot' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination ?? pino.destination(2));
}

/** A logger that writes nothing (tests, the console chat). */
export const silentLogger: Logger = pino({ level: 'silent' });
