import { channelTopics, getChannelById, type Channel } from '../channels/channels.js';
import { channelFollows } from '../channels/follows.js';
import type { Digest } from './digest.js';
import { createDigest, findDigest } from './digest-store.js';
import { pickPapers, type PickDeps } from './pick.js';

export class ChannelNotFound extends Error {
  override name = 'ChannelNotFound';
  constructor(public readonly channelId: number) {
    super(`channel ${channelId} no longer exists`);
  }
}

/**
 * "Your digest for 2026-11-28: 5 papers on lora, kv cache", or on a day with nothing good one
 * short line, "Nothing new on lora today."; `note` (arXiv late, no announcement) on a line below.
 */
export function digestHeaderText(date: string, papers: number, topics: string[], note: string | null = null): string {
  const on = topics.join(', ');
  let head: string;
  if (papers === 0) {
    head = topics.length ? `Nothing new on ${on} today.` : `No topics to follow for ${date}: subscribe with \`/papers subscribe <topic>\`.`;
  } else {
    head = `Your digest for ${date}: ${papers} paper${papers === 1 ? '' : 's'} on ${on}`;
  }
  return note ? `${head}\n${note}` : head;
}

export interface ComposeOptions {
  /** The channel row and topics when the caller already has them (saves two queries). */
  loaded?: { channel: Channel; topics: string[] };
  /** A line under the header ("arXiv has not announced today's papers yet."). */
  note?: string | null;
  now?: Date;
}

/**
 * The one digest for this channel and date: composed and stored the first time, returned as
 * stored every time after (a retried job, a second worker, `/papers digest now` twice).
 * `created` says whether this call wrote it.
 */
export async function composeDigestOnce(deps: PickDeps, channelId: number, date: string, options: ComposeOptions = {}): Promise<{ digest: Digest; created: boolean }> {
  const existing = await findDigest(deps.db, channelId, date);
  if (existing) return { digest: existing, created: false };
  const channel = options.loaded?.channel ?? (await getChannelById(deps.db, channelId));
  if (!channel) throw new ChannelNotFound(channelId);
  const topics = options.loaded?.topics ?? (await channelTopics(deps.db, channelId));
  const follows = await channelFollows(deps.db, channelId);
  const picks = await pickPapers(deps, channel, topics, channel.digestSize, { now: options.now, composingDate: date, follows });
  return createDigest(deps.db, {
    channelId,
    date,
    headerText: digestHeaderText(date, picks.length, [...topics, ...follows.map((f) => f.label)], options.note ?? null),
    quiet: channel.quietWhenEmpty,
    items: picks.map((p) => ({ paperId: p.paperId, score: p.score, reasons: p.reasons })),
  });
}

/** composeDigestOnce, for callers that only need the digest. */
export async function composeDigest(deps: PickDeps, channelId: number, date: string, loaded?: { channel: Channel; topics: string[] }, options: Omit<ComposeOptions, 'loaded'> = {}): Promise<Digest> {
  return (await composeDigestOnce(deps, channelId, date, { ...options, loaded })).digest;
}
