import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
} from 'discord.js';
import type { App } from '../../src/app.js';
import type { CommandContext } from '../../src/commands/command.js';
import { handleAction, handleCommand } from '../../src/commands/handle.js';
import { planCommand } from '../../src/commands/plan.js';
import type { Poster } from '../../src/delivery/poster.js';
import { publish, UnrecordedPostError } from '../../src/delivery/publish.js';
import { textReply, type Reply } from '../../src/reply/reply.js';
import { parseButtonId, SHARE_SHOWN } from './buttons.js';
import { commandText, type OptionValues } from './commands.js';
import { safeError } from './client.js';
import { renderReply } from './embeds.js';

export const PLATFORM = 'discord';

type Visibility = Reply['visibility'];

/** Who and where, as the core sees it. A guild is a workspace: data never crosses guilds. */
export function discordContext(i: Pick<Interaction, 'guildId' | 'channelId' | 'user'> & { id?: string }): CommandContext | null {
  if (!i.guildId || !i.channelId) return null;
  // The interaction id is Discord's own request id: it correlates our log lines with theirs.
  return { platform: PLATFORM, workspaceId: i.guildId, channelId: i.channelId, userId: i.user.id, requestId: i.id };
}

function editOptions(reply: Reply): InteractionEditReplyOptions {
  const m = renderReply(reply);
  return {
    content: m.content || null,
    embeds: m.embeds,
    components: m.components,
    files: m.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
  };
}

/** Fill in a deferred answer; a private answer to a publicly deferred one replaces it with an ephemeral follow-up. */
async function answer(i: ChatInputCommandInteraction | ButtonInteraction, reply: Reply, deferredAs: Visibility): Promise<{ id: string }> {
  const options = editOptions(reply);
  if (reply.visibility === 'private' && deferredAs === 'channel') {
    await i.deleteReply();
    return i.followUp({ ...options, content: options.content ?? undefined, flags: MessageFlags.Ephemeral });
  }
  return i.editReply(options);
}

/**
 * The answer as a Poster, so it is published like any post: a paper answered in the channel is
 * recorded, and a 🔖 or a follow-up finds it.
 */
function answering(i: ChatInputCommandInteraction | ButtonInteraction, deferredAs: Visibility): Poster {
  return {
    platform: PLATFORM,
    async post({ reply }) {
      const m = await answer(i, reply, deferredAs);
      return { messageId: m.id, threadId: m.id };
    },
  };
}

async function publishAnswer(app: App, i: ChatInputCommandInteraction | ButtonInteraction, ctx: CommandContext, reply: Reply, deferredAs: Visibility): Promise<void> {
  try {
    await publish(app, answering(i, deferredAs), { to: { platform: ctx.platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId }, reply });
  } catch (err) {
    // The answer is out: an apology over it would be worse than a paper a 🔖 cannot save.
    if (!(err instanceof UnrecordedPostError)) throw err;
    app.log.warn({ err: safeError(err), reqId: ctx.requestId }, 'answered, but could not record the paper message');
  }
}

async function defer(i: ChatInputCommandInteraction | ButtonInteraction, visibility: Visibility): Promise<void> {
  await i.deferReply(visibility === 'private' ? { flags: MessageFlags.Ephemeral } : {});
}

async function onCommand(app: App, i: ChatInputCommandInteraction): Promise<void> {
  const ctx = discordContext(i);
  if (!ctx) {
    await i.reply({ content: 'paperbot works in server channels. Add it to a server and try `/papers` there.', flags: MessageFlags.Ephemeral });
    return;
  }
  const values: OptionValues = {};
  for (const o of i.options.data[0]?.options ?? []) values[o.name] = o.value as OptionValues[string];
  const text = commandText(i.options.getSubcommand(false) ?? 'help', values);
  const plan = planCommand(text);
  await defer(i, plan.visibility);
  const reply = await handleCommand(app, ctx, plan);
  await publishAnswer(app, i, ctx, reply, plan.visibility);
}

/** Share when the command text did not fit a custom_id: re-post what the asker sees, minus the share button. */
async function shareShown(i: ButtonInteraction): Promise<void> {
  await defer(i, 'channel');
  const components = i.message.components
    .map((row) => row.toJSON() as { type: number; components: Array<{ custom_id?: string }> })
    .filter((row) => !row.components.some((c) => c.custom_id === SHARE_SHOWN));
  await i.editReply({ content: i.message.content || null, embeds: i.message.embeds.map((e) => e.toJSON()), components: components as never });
}

async function onButton(app: App, i: ButtonInteraction): Promise<void> {
  const action = parseButtonId(i.customId);
  if (!action) return; // another app's or an older version's button: not ours to answer
  const ctx = discordContext(i);
  if (!ctx) {
    await i.reply({ content: 'paperbot buttons work in server channels.', flags: MessageFlags.Ephemeral });
    return;
  }
  if (action.kind === 'share-shown') return shareShown(i);
  const visibility: Visibility = action.kind === 'share' ? 'channel' : 'private';
  await defer(i, visibility);
  const reply = await handleAction(app, ctx, action);
  await publishAnswer(app, i, ctx, reply, visibility);
}

/**
 * The interactionCreate listener. Never throws: a failure is logged (without tokens) and, when the
 * interaction was already acknowledged, the asker gets a short apology instead of "thinking..." forever.
 */
export async function handleInteraction(app: App, i: Interaction): Promise<void> {
  try {
    if (i.isChatInputCommand() && i.commandName === 'papers') await onCommand(app, i);
    else if (i.isButton()) await onButton(app, i);
  } catch (err) {
    app.log.error({ err: safeError(err), interaction: i.type, reqId: i.id }, 'discord interaction failed');
    if ((i.isChatInputCommand() || i.isButton()) && i.deferred) {
      await i.editReply(editOptions(textReply('Sorry, something went wrong answering that. Please try again in a moment.'))).catch(() => {});
    }
  }
}
