import type { EventEmitter } from 'node:events';
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
import type { Db } from '../db/database.js';
import type { AppEvents } from '../events.js';
import type { CommandContext } from './command.js';
import { textReply, type Reply } from '../reply/reply.js';

/** What channel replies touch: the channel rows, and the event that reschedules its digest. */
export interface ChannelReplyDeps {
  db: Db;
  events: Pick<EventEmitter<AppEvents>, 'emit'>;
}

async function describe(db: Db, c: Channel): Promise<string> {
  const topics = await channelTopics(db, c.id);
  const tz = await channelTimezone(db, c);
  const repost = c.repostAfterDays === null ? 'never' : `after ${c.repostAfterDays} days`;
  return [
    `Topics: ${topics.length ? topics.join(', ') : 'none (subscribe to a topic to get a digest)'}`,
    `Digest: ${c.digestSize} papers at ${c.digestTime} ${tz}, ${c.digestDays}`,
    `Posted papers come back: ${repost}; empty days: ${c.quietWhenEmpty ? 'silent' : 'say so'}`,
  ].join('\n');
}

export async function subscribeReply(deps: ChannelReplyDeps, ctx: CommandContext, topic: string, on: boolean): Promise<Reply> {
  const c = await ensureChannel(deps.db, ctx);
  const changed = on ? await subscribe(deps.db, c.id, topic, ctx.userId) : await unsubscribe(deps.db, c.id, topic);
  if (changed) deps.events.emit('channelChanged', c.id);
  const head = on
    ? changed ? `Subscribed this channel to "${topic}".` : `This channel already follows "${topic}".`
    : changed ? `Unsubscribed this channel from "${topic}".` : `This channel does not follow "${topic}".`;
  return textReply(`${head}\n${await describe(deps.db, c)}`, changed ? 'channel' : 'private');
}

export async function settingsReply(deps: ChannelReplyDeps, ctx: CommandContext, changes: SettingsChange): Promise<Reply> {
  let c = await ensureChannel(deps.db, ctx);
  if (Object.keys(changes).length === 0) return textReply(await describe(deps.db, c));
  c = await updateChannelSettings(deps.db, c.id, changes);
  deps.events.emit('channelChanged', c.id);
  return textReply(`Settings updated.\n${await describe(deps.db, c)}`, 'channel');
}
