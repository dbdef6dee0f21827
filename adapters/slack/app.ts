import { App as BoltApp, HTTPReceiver, type CustomRoute, type InstallationQuery, type InstallationStore, type webApi } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { registerActions } from './actions.js';
import { registerCommand } from './commands.js';
import { registerHome } from './home.js';
import { createInstallationStore } from './installation-store.js';
import { boltLogger } from './logger.js';
import { singleUseStateStore } from './oauth-state.js';
import { registerReactions } from './reactions.js';
import { GUARD_LIMITS, guardSlackRequests } from './request-guard.js';
import { memorySeenKeys, type SeenKeys } from './seen-keys.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';
import { slackConfig } from './platform.js';

/** What the bot asks for at install; keep in step with manifest.yml. */
// channels:history + groups:history: the digest Poster's findPosted (adapters/slack/poster.ts FIND_POSTED_SCOPES).
export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'reactions:read', 'channels:history', 'groups:history'];

export const PATHS = { events: '/slack/events', install: '/slack/install', oauthRedirect: '/slack/oauth_redirect' } as const;

/** Interactive answers: a person is waiting, so a few quick retries (429s wait out Retry-After). */
const INTERACTIVE_RETRY = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 };

export interface SlackAppOptions {
  /** Extra HTTP routes on the same server (health, metrics). */
  customRoutes?: CustomRoute[];
  /** Emoji names that bookmark (default ['bookmark']). */
  bookmarkEmoji?: string[];
  /** Confirm a reaction's bookmark privately (default true). */
  confirmReactions?: boolean;
  /** Slash command name (default /papers). */
  command?: string;
  /** Overrides for the interactive Web API client (tests shorten retries). */
  clientOptions?: Partial<webApi.WebClientOptions>;
  /** Searches and other database work run at once after acks (default 2); sends are not limited. */
  concurrency?: number;
  /** Port of the OAuth/custom-routes server in Socket Mode (default PORT). */
  port?: number;
  /** Replayed requests and reused OAuth states (default: in memory; the bot passes Redis when it has one). */
  seen?: SeenKeys;
  /** Overrides for the request guard's limits (tests shorten the body deadline). */
  requestLimits?: Partial<typeof GUARD_LIMITS>;
}

export interface SlackApp {
  bolt: BoltApp;
  mode: 'http' | 'socket';
  oauth: boolean;
  /** HTTP mode: the receiver; its `requestListener` can also be mounted on another server. */
  receiver: HTTPReceiver | null;
  installationStore: InstallationStore | null;
  queue: WorkQueue;
}

/**
 * The Bolt app for a core App, from its config: HTTP (`/slack/events`) or Socket Mode (when
 * SLACK_APP_TOKEN is set); one workspace (SLACK_BOT_TOKEN) or many (SLACK_CLIENT_ID: OAuth at
 * `/slack/install`, installations in our database). Created uninitialised: `startSlack` runs
 * `bolt.init()` (auth.test) and starts it.
 */
export function createSlackApp(core: App, options: SlackAppOptions = {}): SlackApp {
  const cfg = slackConfig(core.config);
  const { logger, level } = boltLogger(core.log.child({ component: 'slack' }));
  const socket = Boolean(cfg.SLACK_APP_TOKEN);
  const oauth = Boolean(cfg.SLACK_CLIENT_ID);
  const port = options.port ?? cfg.PORT;
  const customRoutes = options.customRoutes ?? [];
  const clientOptions: webApi.WebClientOptions = {
    ...(cfg.SLACK_API_URL ? { slackApiUrl: cfg.SLACK_API_URL } : {}),
    retryConfig: INTERACTIVE_RETRY,
    timeout: 10_000,
    ...options.clientOptions,
  };
  const installationStore = oauth ? createInstallationStore(core.db) : null;
  const seen = options.seen ?? memorySeenKeys();
  const oauthOptions = oauth
    ? {
        clientId: cfg.SLACK_CLIENT_ID,
        clientSecret: cfg.SLACK_CLIENT_SECRET,
        stateSecret: cfg.SLACK_STATE_SECRET,
        scopes: BOT_SCOPES,
        installationStore: installationStore!,
      }
    : {};
  const installerOptions = {
    installPath: PATHS.install,
    redirectUriPath: PATHS.oauthRedirect,
    clientOptions,
    ...(oauth ? { stateStore: singleUseStateStore(cfg.SLACK_STATE_SECRET ?? '', seen) } : {}),
    ...(socket ? { port } : {}),
  };

  let receiver: HTTPReceiver | null = null;
  if (!socket) {
    receiver = new HTTPReceiver({
      signingSecret: cfg.SLACK_SIGNING_SECRET ?? '',
      endpoints: PATHS.events,
      customRoutes,
      logger,
      logLevel: level,
      // Ack first, work after: Slack wants the HTTP answer within 3 s.
      processBeforeResponse: false,
      installerOptions,
      ...oauthOptions,
    });
    // Size, deadline, signature, shape and replay checks before Bolt reads anything.
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: cfg.SLACK_SIGNING_SECRET ?? '',
      paths: [PATHS.events],
      log: core.log.child({ component: 'slack' }),
      seen,
      limits: options.requestLimits,
    });
  }

  const bolt = new BoltApp({
    logger,
    logLevel: level,
    clientOptions,
    deferInitialization: true,
    // No conversation state is used; skip its per-request store lookups.
    convoStore: false,
    ...(receiver ? { receiver } : { socketMode: true, appToken: cfg.SLACK_APP_TOKEN, customRoutes, installerOptions, ...oauthOptions }),
    ...(oauth ? {} : { token: cfg.SLACK_BOT_TOKEN }),
  });

  bolt.error(async (err) => {
    core.log.error({ err: { name: err.name, message: err.message, code: err.code } }, 'slack listener error');
  });

  const queue = createWorkQueue(options.concurrency ?? 2);
  registerCommand(bolt, core, queue, options.command);
  registerActions(bolt, core, queue);
  registerReactions(bolt, core, queue, { emoji: options.bookmarkEmoji, confirm: options.confirmReactions });
  registerHome(bolt, core, queue);

  if (installationStore) {
    // The token is gone either way: forget the installation (the workspace's library stays).
    type Envelope = { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean; event?: { tokens?: { bot?: string[] } } };
    const forget = async (body: Envelope) => {
      const query = { teamId: body.team_id, enterpriseId: body.enterprise_id, isEnterpriseInstall: Boolean(body.is_enterprise_install) } as InstallationQuery<boolean>;
      try {
        await queue.track(async () => installationStore.deleteInstallation?.(query));
        core.log.info({ team: body.team_id, enterprise: body.enterprise_id }, 'slack app uninstalled; installation removed');
      } catch (err) {
        core.log.error({ err }, 'could not remove the slack installation');
      }
    };
    bolt.event('app_uninstalled', ({ body }) => forget(body as Envelope));
    // Only the bot token matters to us (no user tokens are requested).
    bolt.event('tokens_revoked', async ({ body }) => {
      if ((body as Envelope).event?.tokens?.bot?.length) await forget(body as Envelope);
    });
  }

  return { bolt, mode: socket ? 'socket' : 'http', oauth, receiver, installationStore, queue };
}
