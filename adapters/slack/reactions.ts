import { randomUUID } from 'node:crypto';
import type { App as BoltApp, webApi } from '@slack/bolt';
import type { App } from '../../src/app.js';
import { getPaper } from '../../src/papers/store.js';
import { applyBookmarkReaction, applyLessReaction, type ReactionEvent } from '../../src/library/reactions.js';
import { mrkdwn } from './blocks.js';
import { PLATFORM } from './post.js';
import type { WorkQueue } from './work-queue.js';

export const DEFAULT_BOOKMARK_EMOJI = ['bookmark'];
/** 👎: Slack names it `-1` (and `thumbsdown` as an alias). "Less like this" for the channel's taste. */
export const LESS_EMOJI = ['-1', 'thumbsdown'];

/** `bookmark`, `:bookmark:` and `thumbsup::skin-tone-2` -> the bare emoji name. */
export function emojiName(reaction: string): string {
  return reaction.replace(/^:|:$/g, '').replace(/::skin-tone-\d$/, '').toLowerCase();
}

export interface ReactionOptions {
  /** Emoji names that bookmark (default ['bookmark']). */
  emoji?: string[];
  /** Tell the person, privately, what the reaction did (default true). */
  confirm?: boolean;
}

/**
 * A bookmark emoji on a bot message that shows one paper saves that paper for whoever reacted;
 * removing the reaction unsaves it. 👎 on one is "less like this" for the channel's taste. Other emoji, reactions on other messages and the bot's own
 * reactions change nothing.
 */
export function registerReactions(bolt: BoltApp, core: App, queue: WorkQueue, options: ReactionOptions = {}): void {
  const emoji = new Set((options.emoji?.length ? options.emoji : DEFAULT_BOOKMARK_EMOJI).map(emojiName));
  const less = new Set(LESS_EMOJI.filter((n) => !emoji.has(n)));
  const confirm = options.confirm ?? true;

  const handle = async (
    added: boolean,
    event: { user: string; reaction: string; item_user?: string; item: { type: string; channel?: string; ts?: string } },
    teamId: string,
    botUserId: string | undefined,
    client: webApi.WebClient,
  ) => {
    if (event.item.type !== 'message' || !event.item.channel || !event.item.ts) return;
    const name = emojiName(event.reaction);
    const kind = emoji.has(name) ? 'bookmark' : less.has(name) ? 'less' : null;
    if (!kind) return;
    if (botUserId && event.user === botUserId) return;
    // Only our own messages can show a paper; skip the database for everyone else's.
    if (botUserId && event.item_user && event.item_user !== botUserId) return;
    const e = { platform: PLATFORM, workspaceId: teamId, channelId: event.item.channel, messageId: event.item.ts, userId: event.user, added };
    await queue.track(() => apply(e, kind, client));
  };

  const apply = async (e: ReactionEvent, kind: 'bookmark' | 'less', client: webApi.WebClient) => {
    const log = core.log.child({ reqId: randomUUID() });
    try {
      const r = await queue.run(() => (kind === 'bookmark' ? applyBookmarkReaction(core.db, e) : applyLessReaction(core.db, e)));
      log.debug({ outcome: r.outcome, paper: r.paperId, workspace: e.workspaceId }, `${kind} reaction`);
      const paperId = r.paperId;
      if (!confirm || r.outcome === 'unchanged' || r.outcome === 'ignored' || !paperId) return;
      const paper = await queue.run(() => getPaper(core.db, paperId));
      const title = mrkdwn(paper?.title ?? paperId, 200);
      const text = {
        bookmarked: `Saved “${title}” to your bookmarks (remove the reaction to undo).`,
        unbookmarked: `Removed “${title}” from your bookmarks.`,
        disliked: `Noted: fewer papers like “${title}” in this channel's digest (remove the reaction to undo).`,
        undisliked: `Taken back: “${title}” no longer counts against similar papers here.`,
      }[r.outcome];
      await client.chat
        .postEphemeral({ channel: e.channelId, user: e.userId, text, ...(r.threadId ? { thread_ts: r.threadId } : {}) })
        .catch((err: unknown) => log.debug({ err }, 'reaction confirmation not sent'));
    } catch (err) {
      log.error({ err }, `${kind} reaction failed`);
    }
  };
  bolt.event('reaction_added', ({ event, body, context, client }) => handle(true, event, body.team_id, context.botUserId, client));
  bolt.event('reaction_removed', ({ event, body, context, client }) => handle(false, event, body.team_id, context.botUserId, client));
}
