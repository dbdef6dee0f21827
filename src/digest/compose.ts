import type { App } from '../app.js';
import { channelTopics, getChannelById, type Channel } from '../channels/channels.js';
import type { Digest } from './digest.js';
import { createDigest, findDigest } from './digest-store.js';
import { pickPapers } from './pick.js';

export class ChannelNotFound extends Error {
  override name = 'ChannelNotFound';
  constructor(public readonly channelId: number) {
    super(`channel ${channelId} no longer exists`);
  }
}

/** "Your digest for 2026-11-28: 5 papers on lora, kv cache" (or a short "nothing new" line). */
export function digestHeaderText(date: string, papers: number, topics: string[]): string {
  const on = topics.join(', ');
  if (papers === 0) {
    return topics.length ? `Nothing new on ${on} for ${date}.` : `No topics to follow for ${date}: subscribe with \`/papers subscribe <topic>\`.`;
  }
  return `Your digest for ${date}: ${papers} paper${papers === 1 ? '' : 's'} on ${on}`;
}

/**
 * The one digest for this channel and date: composed and stored the first time, returned as
 * stored every time after (a retried job, a second worker, `/papers digest now` twice).
 * `loaded`: the channel row and topics when the caller already has them (saves two queries).
 */
export async function composeDigest(app: App, channelId: number, date: string, loaded?: { channel: Channel; topics: string[] }): Promise<Digest> {
  const existing = await findDigest(app.db, channelId, date);
  if (existing) return existing;
  const channel = loaded?.channel ?? (await getChannelById(app.db, channelId));
  if (!channel) throw new ChannelNotFound(channelId);
  const topics = loaded?.topics ?? (await channelTopics(app.db, channelId));
  const picks = await pickPapers(app, channel, topics, channel.digestSize);
  const { digest } = await createDigest(app.db, {
    channelId,
    date,
    headerText: digestHeaderText(date, picks.length, topics),
    quiet: channel.quietWhenEmpty,
    items: picks,
  });
  return digest;
}
