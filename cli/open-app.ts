import pino from 'pino';
import { PLATFORMS } from '../adapters/platforms.js';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { createApp, type App, type AppOptions } from '../src/app.js';
import { createLogger } from '../src/log.js';

export class UsageError extends Error {}

/** Config from the environment; a wrong value is named and the process exits non-zero. */
export function configOrExit(): Config {
  try {
    return loadConfig(process.env, PLATFORMS);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}

/** Where `paperbot start` logs when the console chat holds the terminal: the chat shows only the conversation. */
export const CHAT_LOG_FILE = 'data/paperbot.log';

export async function openApp(options: AppOptions & { quiet?: boolean; logFile?: string } = {}): Promise<App> {
  const config = configOrExit();
  const destination = options.logFile ? pino.destination({ dest: options.logFile, mkdir: true }) : undefined;
  const log = createLogger(options.quiet ? 'warn' : config.LOG_LEVEL, destination, { secretEnv: PLATFORMS.flatMap((p) => p.secrets) });
  return createApp(config, { log, ...options });
}
