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
import { addFollow, channelFollows, removeFollow, type Follow } from '../channels/follows.js';
import type { CommandContext } from './command.js';
import { textReply, type Reply } from '../reply/reply.js';

/** What channel replies touch: the channel rows, and the event that reschedules its digest. */
export interface ChannelReplyDeps {
  db: Db;
  events: Pick<EventEmitter<AppEvents>, 'emit'>;
}

async function describe(db: Db, c: Channel): Promise<string> {
  const [topics, followed, tz] = await Promise.all([channelTopics(db, c.id), channelFollows(db, c.id), channelTimezone(db, c)]);
  const repost = c.repostAfterDays === null ? 'never' : `after ${c.repostAfterDays} days`;
  return [
    `Topics: ${topics.length ? topics.join(', ') : followed.length ? 'none' : 'none (subscribe to a topic to get a digest)'}`,
    ...(followed.length ? [`Follows: ${followList(followed)}`] : []),
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

const KIND_WORD: Record<Follow['kind'], string> = { author: 'author', category: 'category', venue: 'venue' };

/** "author Tri Dao, category cs.CL, venue ACL" */
function followList(list: Follow[]): string {
  return list.map((f) => `${KIND_WORD[f.kind]} ${f.label}`).join(', ');
}

/** `/papers follow ...` and `/papers unfollow ...`: per channel, said in the channel when it changed. */
export async function followReply(deps: ChannelReplyDeps, ctx: CommandContext, follow: Follow, on: boolean): Promise<Reply> {
  const c = await ensureChannel(deps.db, ctx);
  const what = `${KIND_WORD[follow.kind]} ${follow.label}`;
  let head: string;
  let changed: boolean;
  if (on) {
    changed = await addFollow(deps.db, c.id, follow, ctx.userId);
    const always = follow.kind === 'author' ? ` Their new papers will always be in this channel's digest.` : '';
    head = changed ? `This channel now follows ${what}.${always}` : `This channel already follows ${what}.`;
  } else {
    const removed = await removeFollow(deps.db, c.id, follow);
    changed = removed !== null;
    head = removed ? `This channel no longer follows ${KIND_WORD[removed.kind]} ${removed.label}.` : `This channel does not follow ${what}.`;
  }
  if (changed) deps.events.emit('channelChanged', c.id);
  return textReply(`${head}\n${await describe(deps.db, c)}`, changed ? 'channel' : 'private');
}

/** `/papers follows`: what this channel follows. */
export async function followsReply(deps: Pick<ChannelReplyDeps, 'db'>, ctx: CommandContext): Promise<Reply> {
  const c = await ensureChannel(deps.db, ctx);
  const list = await channelFollows(deps.db, c.id);
  if (list.length === 0) return textReply('This channel follows no authors, categories or venues. Try `/papers follow author "Tri Dao"`.');
  return textReply(`This channel follows: ${followList(list)}.`);
}
