import type { RespondFn, webApi } from '@slack/bolt';
import type { App } from '../../src/app.js';
import type { CommandContext } from '../../src/commands/command.js';
import { publishReply, UnrecordedPostError } from '../../src/delivery/publish.js';
import type { Reply } from '../../src/reply/reply.js';
import type { Logger } from '../../src/log.js';
import { renderReply, type SlackMessage } from './blocks.js';
import { clientPoster } from './post.js';

/** One interactive request (a command or a button) and the ways back to its user. */
export interface Interaction {
  core: App;
  /** Bolt's client for this workspace (its token; retries 429s after Retry-After). */
  client: webApi.WebClient;
  /** The request's response_url; absent for App Home buttons and events. */
  respond?: RespondFn;
  ctx: CommandContext;
  log: Logger;
}

/** Platform errors that mean "the bot cannot post here", where the response_url still can. */
const BOT_CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_dm_bot']);

function platformError(err: unknown): string | null {
  const e = err as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? (e.data?.error ?? null) : null;
}

/** text + blocks for any message API; no `blocks` key when there are none (Slack refuses `[]`). */
function content(reply: Reply): { text: string; blocks?: SlackMessage['blocks'] } {
  const msg = renderReply(reply);
  return msg.blocks.length ? msg : { text: msg.text };
}

/** Only the asker sees it: through the response_url when there is one, else chat.postEphemeral. */
export async function sendPrivate(it: Interaction, reply: Reply): Promise<void> {
  if (it.respond) {
    await it.respond({ response_type: 'ephemeral', replace_original: false, ...content(reply) });
    return;
  }
  if (!it.ctx.channelId) return; // App Home: no conversation to answer in
  await it.client.chat.postEphemeral({ channel: it.ctx.channelId, user: it.ctx.userId, ...content(reply) });
}

/**
 * In the channel. Papers go through chat.postMessage (publishReply) so the message id is known and
 * a one-paper message is recorded for reactions; a digest-shaped reply goes out one paper a message.
 * When the bot may not post there (a private channel it was not invited to, a DM) the
 * response_url posts instead, and the user learns how to make reactions work.
 */
export async function sendToChannel(it: Interaction, reply: Reply): Promise<void> {
  if (reply.cards.length === 0 && it.respond) {
    await it.respond({ response_type: 'in_channel', replace_original: false, ...content(reply) });
    return;
  }
  const to = { platform: it.ctx.platform, workspaceId: it.ctx.workspaceId, channelId: it.ctx.channelId };
  try {
    await publishReply(it.core, clientPoster(it.client), to, reply);
  } catch (err) {
    if (err instanceof UnrecordedPostError) {
      // The message is out; an apology now would say it failed. Only a reaction on it will not save.
      it.log.warn({ err, channel: it.ctx.channelId }, 'posted a paper but could not record the message');
      return;
    }
    const code = platformError(err);
    if (!code || !BOT_CANNOT_POST.has(code) || !it.respond) throw err;
    it.log.info({ code, channel: it.ctx.channelId }, 'bot cannot post in channel; answering through response_url');
    await it.respond({ response_type: 'in_channel', replace_original: false, ...content(reply) });
    await it.respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Tip: invite me to this channel (`/invite @paperbot`) so a :bookmark: reaction on a paper saves it.',
    });
  }
}

export async function sendReply(it: Interaction, reply: Reply): Promise<void> {
  if (reply.visibility === 'channel') await sendToChannel(it, reply);
  else await sendPrivate(it, reply);
}

/** Last resort after a failure: a short apology to the asker; never the error itself. */
export async function apologize(it: Interaction, err: unknown, what: string): Promise<void> {
  it.log.error({ err, what, workspace: it.ctx.workspaceId }, 'slack request failed');
  try {
    await sendPrivate(it, { text: 'Sorry, something went wrong answering that. Please try again in a moment.', cards: [], actions: [], visibility: 'private' });
  } catch (e) {
    it.log.warn({ err: e }, 'could not send the apology either');
  }
}
