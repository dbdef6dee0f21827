import { randomUUID } from 'node:crypto';
import type { App as BoltApp } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { handleCommand } from '../../src/commands/handle.js';
import { apologize, sendReply, type Interaction } from './deliver.js';
import { PLATFORM } from './post.js';
import type { WorkQueue } from './work-queue.js';

/**
 * `/papers ...`: ack at once (Slack's 3-second budget), then answer through respond: searches
 * to the asker only (with a button to share), channel changes and `digest now` in the channel.
 */
export function registerCommand(bolt: BoltApp, core: App, queue: WorkQueue, name = '/papers'): void {
  bolt.command(name, async ({ command, ack, respond, client }) => {
    await ack();
    const requestId = randomUUID();
    const it: Interaction = {
      core,
      client,
      respond,
      ctx: { platform: PLATFORM, workspaceId: command.team_id, channelId: command.channel_id, userId: command.user_id, requestId },
      log: core.log.child({ reqId: requestId }),
    };
    const text = command.text ?? '';
    await queue.track(async () => {
      try {
        const reply = await queue.run(() => handleCommand(core, it.ctx, text));
        await sendReply(it, reply);
      } catch (err) {
        await apologize(it, err, 'command');
      }
    });
  });
}
