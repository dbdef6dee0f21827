import type { App } from '../app.js';
import {
  channelTimezone,
  channelTopics,
  ensureChannel,
  subscribe,
  unsubscribe,
  updateChannelSettings,
  type Channel,
} from '../channels/channels.js';
import type { SettingsChange } from '../channels/channels.js';
import type { CommandContext } from './command.js';
import { textReply, type Reply } from '../reply/reply.js';

async function describe(app: App, c: Channel): Promise<string> {
  const topics = await channelTopics(app.db, c.id);
  const tz = await channelTimezone(app.db, c);
  const repost = c.repostAfterDays === null ? 'never' : `after ${c.repostAfterDays} days`;
  return [
    `Topics: ${topics.length ? topics.join(', ') : 'none (subscribe to a topic to get a digest)'}`,
    `Digest: ${c.digestSize} papers at ${c.digestTime} ${tz}, ${c.digestDays}`,
    `Posted papers come back: ${repost}; empty days: ${c.quietWhenEmpty ? 'silent' : 'say so'}`,
  ].join('\n');
}

export async function subscribeReply(app: App, ctx: CommandContext, topic: string, on: boolean): Promise<Reply> {
  const c = await ensureChannel(app.db, ctx);
  const changed = on ? await subscribe(app.db, c.id, topic, ctx.userId) : await unsubscribe(app.db, c.id, topic);
  if (changed) app.events.emit('channelChanged', c.id);
  const head = on
    ? changed ? `Subscribed this channel to "${topic}".` : `This channel already follows "${topic}".`
    : changed ? `Unsubscribed this channel from "${topic}".` : `This channel does not follow "${topic}".`;
  return textReply(`${head}\n${await describe(app, c)}`, changed ? 'channel' : 'private');
}

export async function settingsReply(app: App, ctx: CommandContext, changes: SettingsChange): Promise<Reply> {
  let c = await ensureChannel(app.db, ctx);
  if (Object.keys(changes).length === 0) return textReply(await describe(app, c));
  c = await updateChannelSettings(app.db, c.id, changes);
  app.events.emit('channelChanged', c.id);
  return textReply(`Settings updated.\n${await describe(app, c)}`, 'channel');
}
