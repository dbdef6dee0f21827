// MINIMAL paper picking for a digest, so jobs work end to end. The Digest issue replaces the
// body of `pickPapers` with real scoring (recency, popularity, diversity); keep the signature.
import { and, eq, gte } from 'drizzle-orm';
import type { App } from '../app.js';
import type { Channel } from '../channels/channels.js';
import { digestItems, digests, postedMessages } from '../db/schema.js';
import { getPapers } from '../papers/store.js';

/** A paper chosen for a digest, with the reasons its card shows ("matches lora"). */
export interface PickedPaper {
  paperId: string;
  score: number;
  reasons: string[];
}

/** Papers this channel was already shown (within `repostAfterDays`, or ever when that is null). */
async function alreadyShown(app: App, channel: Channel): Promise<Set<string>> {
  const since = channel.repostAfterDays === null ? null : new Date(Date.now() - channel.repostAfterDays * 86_400_000);
  const posted = await app.db
    .select({ id: postedMessages.paperId })
    .from(postedMessages)
    .where(
      and(
        eq(postedMessages.platform, channel.platform),
        eq(postedMessages.channelId, channel.channelId),
        since ? gte(postedMessages.postedAt, since) : undefined,
      ),
    );
  // Items of earlier digests count even if their post failed or is still under way.
  const listed = await app.db
    .select({ id: digestItems.paperId })
    .from(digestItems)
    .innerJoin(digests, eq(digests.id, digestItems.digestId))
    .where(and(eq(digests.channelId, channel.id), since ? gte(digests.createdAt, since) : undefined));
  return new Set([...posted, ...listed].map((r) => r.id));
}

/**
 * Up to `limit` papers for the channel's topics: each topic is searched, scores are scaled to the
 * topic's best hit (so topics weigh the same) and summed across topics; papers the channel has
 * already been shown and withdrawn papers are left out. Best first.
 */
export async function pickPapers(app: App, channel: Channel, topics: string[], limit: number): Promise<PickedPaper[]> {
  if (limit <= 0 || topics.length === 0) return [];
  const shown = await alreadyShown(app, channel);
  const byId = new Map<string, PickedPaper>();
  for (const topic of topics) {
    const { hits } = app.search.search(topic, { limit: limit * 3, filter: (id) => !shown.has(id) });
    const top = hits[0]?.score || 1;
    for (const h of hits) {
      const p = byId.get(h.id) ?? { paperId: h.id, score: 0, reasons: [] };
      p.score += h.score / top;
      p.reasons.push(`matches ${topic}`);
      byId.set(h.id, p);
    }
  }
  const ranked = [...byId.values()].sort((a, b) => b.score - a.score || a.paperId.localeCompare(b.paperId));
  const live = new Set(
    (await getPapers(app.db, ranked.slice(0, limit * 2).map((p) => p.paperId))).filter((p) => !p.withdrawn).map((p) => p.id),
  );
  return ranked.filter((p) => live.has(p.paperId)).slice(0, limit);
}
