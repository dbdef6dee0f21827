import { randomUUID } from 'node:crypto';
import type { App as BoltApp, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs, AllMiddlewareArgs } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { handleAction } from '../../src/commands/handle.js';
import type { ActionKind } from '../../src/reply/reply.js';
import { ACTION } from './blocks.js';
import { apologize, sendPrivate, sendToChannel, type Interaction } from './deliver.js';
import { publishHome } from './home.js';
import { PLATFORM } from './post.js';
import type { WorkQueue } from './work-queue.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Who pressed, where. Enterprise org installs: the team of the user's own workspace. */
export function actionContext(body: BlockAction) {
  const container = body.container as { channel_id?: string } | undefined;
  return {
    platform: PLATFORM,
    workspaceId: body.user.team_id ?? body.team?.id ?? '',
    channelId: body.channel?.id ?? container?.channel_id ?? '',
    userId: body.user.id,
  };
}

/** Buttons on cards (bookmark, similar, less like this), on App Home (remove) and on replies (share in channel). */
export function registerActions(bolt: BoltApp, core: App, queue: WorkQueue): void {
  const on = (actionId: string, kind: ActionKind) =>
    bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async (args: ButtonArgs) => {
      const { ack, body, action, client } = args;
      const respond = (args as { respond?: RespondFn }).respond;
      await ack();
      const fromHome = body.container?.type === 'view' || body.view?.type === 'home';
      // One id per press, on every log line it causes (as commands have).
      const requestId = randomUUID();
      const it: Interaction = { core, client, respond: fromHome ? undefined : respond, ctx: { ...actionContext(body), requestId }, log: core.log.child({ reqId: requestId }) };
      if (!it.ctx.workspaceId || typeof action.value !== 'string') return;
      await queue.track(async () => {
        try {
          const reply = await queue.run(() => handleAction(core, it.ctx, { kind, value: action.value! }));
          if (fromHome) return await publishHome(core, queue, client, it.ctx.workspaceId, it.ctx.userId);
          if (kind !== 'share') return await sendPrivate(it, reply);
          await sendToChannel(it, reply);
          // The private results are in the channel now; replace them with a one-line note.
          if (respond) await respond({ response_type: 'ephemeral', replace_original: true, text: 'Shared in this channel.' });
        } catch (err) {
          await apologize(it, err, `button ${actionId}`);
        }
      });
    });
  on(ACTION.bookmark, 'bookmark');
  on(ACTION.unbookmark, 'unbookmark');
  on(ACTION.similar, 'similar');
  on(ACTION.less, 'less');
  on(ACTION.share, 'share');
}
