import { runConsoleChat } from '../../adapters/console/chat.js';
import { openApp } from '../open-app.js';

/** `paperbot start`: every configured adapter; the console chat when none is configured. */
export async function startCommand(): Promise<number> {
  const app = await openApp();
  const stops: Array<() => Promise<void>> = [];
  const platforms = [app.config.slackEnabled && 'slack', app.config.discordEnabled && 'discord'].filter(Boolean);
  if (platforms.length === 0) {
    try {
      await runConsoleChat(app);
    } finally {
      await app.close();
    }
    return 0;
  }
  app.log.error({ platforms }, 'chat platform adapters are not available yet');
  for (const stop of stops) await stop();
  await app.close();
  return 1;
}
