import type { Client, MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { App } from '../../src/app.js';
import { applyBookmarkReaction, applyLessReaction, type ReactionOutcome } from '../../src/library/reactions.js';
import { safeError } from './client.js';
import { PLATFORM } from './interactions.js';

/** The emoji that saves a paper (Discord sends unicode emoji by name, with a null id). */
export const BOOKMARK_EMOJI = '🔖';
/** "Less like this": a negative label for the channel's taste. */
export const LESS_EMOJI = '👎';

/**
 * messageReactionAdd / messageReactionRemove. 🔖 on a bot message that shows one paper saves that
 * paper for the person who reacted; removing it unsaves. 👎 is "less like this" for the channel. The bot's own reactions (it seeds 🔖 on
 * digest posts), other bots, other emoji, DMs and messages that are not one-paper posts are ignored.
 *
 * Partials are not fetched: a reaction on an uncached (older) message arrives as a partial that
 * already holds the message, channel and guild ids, which is all the lookup needs, so fetching would
 * only spend a REST call per reaction.
 */
export async function handleReaction(
  app: App,
  client: Client,
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  added: boolean,
): Promise<ReactionOutcome> {
  try {
    if (user.id === client.user?.id || user.bot) return 'ignored';
    const name = reaction.emoji.name?.replace(/[\u{1F3FB}-\u{1F3FF}]/u, ''); // skin tones are the same 👎
    if (reaction.emoji.id !== null || (name !== BOOKMARK_EMOJI && name !== LESS_EMOJI)) return 'ignored';
    const apply = name === BOOKMARK_EMOJI ? applyBookmarkReaction : applyLessReaction;
    const { guildId, channelId, id: messageId } = reaction.message;
    if (!guildId) return 'ignored';
    const { outcome, paperId } = await apply(app.db, {
      platform: PLATFORM,
      workspaceId: guildId,
      channelId,
      messageId,
      userId: user.id,
      added,
    });
    if (outcome !== 'ignored') app.log.info({ platform: PLATFORM, workspaceId: guildId, paperId, outcome }, 'reaction');
    return outcome;
  } catch (err) {
    app.log.error({ err: safeError(err) }, 'discord reaction failed');
    return 'ignored';
  }
}
