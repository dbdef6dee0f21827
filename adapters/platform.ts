// The contract every chat platform implements. Adding a platform is one folder under adapters/
// (its platform.ts exporting one of these) and one line in adapters/platforms.ts; config
// validation, log redaction, start-up, the jobs' posters and observability read that list.
import type { App } from '../src/app.js';
import type { Config, PlatformEnv } from '../src/config.js';
import type { Poster } from '../src/delivery/poster.js';
import type { HttpRoute } from './http/route.js';

export interface RunningPlatform {
  stop(): Promise<void>;
}

export interface Platform extends PlatformEnv {
  /** Whether this configuration turns the platform on. */
  enabled(config: Config): boolean;
  /**
   * It listens on PORT itself when on (Slack's HTTP events): paperbot's own routes (health,
   * readiness, metrics) are handed to start and ride on its server instead of paperbot's.
   */
  servesHttp?: boolean;
  /** Connect and answer people; resolves once running. Load the platform's SDK here, not at import. */
  start(app: App, context: { routes: readonly HttpRoute[] }): Promise<RunningPlatform>;
  /** The Poster the jobs layer delivers through (a worker posts without a connection). */
  createPoster(app: App): Promise<Poster>;
}
