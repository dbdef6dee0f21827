import { runConsoleChat } from '../../adapters/console/chat.js';
import { openApp } from '../open-app.js';

/** `paperbot chat`: the console adapter. */
export async function chatCommand(): Promise<number> {
  const app = await openApp({ quiet: true });
  try {
    await runConsoleChat(app);
  } finally {
    await app.close();
  }
  return 0;
}
