import { addBookmark, removeBookmark } from '../library/bookmarks.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import { getPaper } from '../papers/store.js';
import { followReply, followsReply, settingsReply, subscribeReply, type ChannelReplyDeps } from './channel-replies.js';
import type { Command, CommandContext } from './command.js';
import { digestNowReply, digestPreviewReply, type DigestReplyDeps } from './digest-replies.js';
import { bookmarksReply, exportBibtexReply } from './library-replies.js';
import { HELP_TEXT } from './parse.js';
import { planCommand, type CommandPlan } from './plan.js';
import { textReply, type ActionKind, type Reply } from '../reply/reply.js';
import { lessReply, tasteReply, tasteResetReply } from './taste-replies.js';
import { paperReply, searchReply, similarReply, type SearchReplyDeps } from './search-replies.js';

/** Everything a command may read or announce; the App is one, a test can pass less. */
export type CommandDeps = SearchReplyDeps &
  ChannelReplyDeps &
  DigestReplyDeps & {
    log: Logger;
    metrics: Pick<Metrics, 'commandDuration'>;
  };

async function run(deps: CommandDeps, ctx: CommandContext, cmd: Command): Promise<Reply> {
  switch (cmd.kind) {
    case 'help':
      return textReply(HELP_TEXT);
    case 'invalid':
      return textReply(`${cmd.reason}.\n\n${HELP_TEXT}`);
    case 'search':
      return searchReply(deps, cmd.query, cmd.truncated);
    case 'paper':
      return paperReply(deps, cmd.id);
    case 'similar':
      return similarReply(deps, cmd.id);
    case 'bookmarks':
      return bookmarksReply(deps, ctx, cmd.query, cmd.scope);
    case 'subscribe':
    case 'unsubscribe':
      return subscribeReply(deps, ctx, cmd.topic, cmd.kind === 'subscribe');
    case 'follow':
    case 'unfollow':
      return followReply(deps, ctx, cmd.follow, cmd.kind === 'follow');
    case 'follows':
      return followsReply(deps, ctx);
    case 'less':
      return lessReply(deps.db, ctx, cmd.id);
    case 'taste':
      return cmd.reset ? tasteResetReply(deps, ctx) : tasteReply(deps.db, ctx);
    case 'settings':
      return settingsReply(deps, ctx, cmd.changes);
    case 'digest':
      return cmd.mode === 'preview' ? digestPreviewReply(deps, ctx) : digestNowReply(deps, ctx);
    case 'export':
      return exportBibtexReply(deps, ctx);
  }
}

/**
 * Answer one `/papers ...` text, or its plan when the adapter needed it first. Never throws: a
 * failure becomes a short apology, and the details go to the log (never to the reply).
 */
export async function handleCommand(deps: CommandDeps, ctx: CommandContext, input: string | CommandPlan): Promise<Reply> {
  const cmd = (typeof input === 'string' ? planCommand(input) : input).command;
  const done = deps.metrics.commandDuration.startTimer({ platform: ctx.platform, command: cmd.kind });
  try {
    return await run(deps, ctx, cmd);
  } catch (err) {
    deps.log.error({ err, command: cmd.kind, platform: ctx.platform, reqId: ctx.requestId }, 'command failed');
    return textReply('Sorry, something went wrong answering that. Please try again in a moment.');
  } finally {
    done();
  }
}

/** A button press on a card or a reply. */
export async function handleAction(deps: CommandDeps, ctx: CommandContext, action: { kind: ActionKind; value: string }): Promise<Reply> {
  try {
    switch (action.kind) {
      case 'bookmark':
      case 'unbookmark': {
        const paper = await getPaper(deps.db, action.value);
        if (!paper) return textReply('That paper is no longer in the library.');
        const who = { platform: ctx.platform, workspaceId: ctx.workspaceId, userId: ctx.userId };
        if (action.kind === 'bookmark') {
          const added = await addBookmark(deps.db, who, paper.id);
          return textReply(added ? `Saved "${paper.title}" to your bookmarks.` : `"${paper.title}" is already in your bookmarks.`);
        }
        const removed = await removeBookmark(deps.db, who, paper.id);
        return textReply(removed ? `Removed "${paper.title}" from your bookmarks.` : `"${paper.title}" was not in your bookmarks.`);
      }
      case 'less':
        return await lessReply(deps.db, ctx, action.value);
      case 'similar':
        return await similarReply(deps, action.value);
      case 'share': {
        const reply = await handleCommand(deps, ctx, action.value);
        return { ...reply, actions: reply.actions.filter((a) => a.kind !== 'share'), visibility: 'channel' };
      }
    }
  } catch (err) {
    deps.log.error({ err, action: action.kind, platform: ctx.platform, reqId: ctx.requestId }, 'action failed');
    return textReply('Sorry, something went wrong with that button. Please try again.');
  }
}
