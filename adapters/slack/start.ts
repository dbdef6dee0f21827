import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app.js';
import type { Poster } from '../../src/delivery/poster.js';
import { createSlackApp, type SlackApp, type SlackAppOptions } from './app.js';
import { SERVER_LIMITS } from './request-guard.js';
import { createSlackPoster } from './poster.js';
import { slackConfig } from './platform.js';

export interface SlackRuntime {
  poster: Poster;
  slack: SlackApp;
  /** HTTP mode: the port listened on; null in Socket Mode. */
  port: number | null;
  stop(): Promise<void>;
}

/** SLACK_BOOKMARK_EMOJI="bookmark,pushpin": the emoji that bookmark (names, with or without colons). */
export function bookmarkEmojiFromEnv(value = process.env.SLACK_BOOKMARK_EMOJI): string[] | undefined {
  const list = (value ?? '').split(/[\s,]+/).map((s) => s.replace(/^:|:$/g, '')).filter((s) => /^[a-z0-9_+'-]+$/i.test(s));
  return list.length ? list : undefined;
}

/**
 * Start the Slack adapter: check the token (auth.test), listen (HTTP on PORT, or Socket Mode),
 * and hand back the Poster the jobs layer delivers digests through.
 */
export async function startSlack(core: App, options: SlackAppOptions & { port?: number; host?: string } = {}): Promise<SlackRuntime> {
  const slack = createSlackApp(core, { bookmarkEmoji: bookmarkEmojiFromEnv(slackConfig(core.config).SLACK_BOOKMARK_EMOJI), ...options });
  try {
    await slack.bolt.init();
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    throw new Error(`Slack did not accept the configured credentials (${code}); check SLACK_BOT_TOKEN / SLACK_API_URL`);
  }
  let port: number | null = null;
  if (slack.mode === 'http') {
    const listenPort = options.port ?? core.config.PORT;
    const server = (await slack.bolt.start({ port: listenPort, host: options.host }, SERVER_LIMITS)) as Server;
    port = (server.address() as AddressInfo).port;
  } else {
    await slack.bolt.start();
  }
  core.log.info({ mode: slack.mode, oauth: slack.oauth, port }, 'slack adapter started');
  return {
    poster: createSlackPoster(core),
    slack,
    port,
    async stop() {
      await slack.bolt.stop();
      await slack.queue.idle();
    },
  };
}
