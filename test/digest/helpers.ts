// Shared set-up for the digest tests: channels on the sample library and a Poster that records.
import { eq } from 'drizzle-orm';
import type { App } from '../../src/app.js';
import { ensureChannel, subscribe, updateChannelSettings, type Channel } from '../../src/channels/channels.js';
import type { SettingsChange } from '../../src/channels/channels.js';
import { papers } from '../../src/db/schema.js';
import type { Destination, Poster } from '../../src/delivery/poster.js';
import type { Paper } from '../../src/papers/paper.js';
import { getPapers } from '../../src/papers/store.js';

export const PLATFORM = 'test';

export interface Posted {
  id: string;
  to: Destination;
  text: string;
  paperId: string | null;
  why: string[];
  threadId: string | null;
  key: string | null;
}

/** Our own Poster interface, implemented in memory: every post is kept, in order. */
export function recordingPoster(platform = PLATFORM): Poster & { posted: Posted[]; in(channelId: string): Posted[] } {
  const posted: Posted[] = [];
  return {
    platform,
    posted,
    in: (channelId) => posted.filter((p) => p.to.channelId === channelId),
    async post({ to, reply, threadId, idempotencyKey }) {
      const id = `M${posted.length + 1}`;
      posted.push({ id, to, text: reply.text, paperId: reply.cards[0]?.paperId ?? null, why: reply.cards[0]?.why ?? [], threadId: threadId ?? null, key: idempotencyKey ?? null });
      return { messageId: id, threadId: threadId ?? id };
    },
  };
}

/** Channel ids are unique per platform (as on Slack and Discord): one per workspace here. */
export async function makeChannel(app: App, workspaceId: string, topics: string[], settings?: SettingsChange, channelId = `C-${workspaceId}`): Promise<Channel> {
  let c = await ensureChannel(app.db, { platform: PLATFORM, workspaceId, channelId });
  for (const t of topics) await subscribe(app.db, c.id, t, 'U1');
  if (settings) c = await updateChannelSettings(app.db, c.id, settings);
  return c;
}

export const text = (p: Pick<Paper, 'title' | 'abstract'>) => `${p.title} ${p.abstract}`;
export const isLora = (p: Pick<Paper, 'title' | 'abstract'>) => /\blora\b|low-rank adapt/i.test(text(p)) || /lora/i.test(p.title);
export const isSpeculative = (p: Pick<Paper, 'title' | 'abstract'>) => /speculative/i.test(text(p));

/** The sample paper whose title starts with this. */
export async function paperTitled(app: App, start: string): Promise<Paper> {
  const rows = await app.db.select({ id: papers.id, title: papers.title }).from(papers);
  const hit = rows.find((r) => r.title.startsWith(start));
  if (!hit) throw new Error(`no sample paper titled "${start}..."`);
  return (await getPapers(app.db, [hit.id]))[0];
}

export async function setPopularity(app: App, id: string, fields: { upvotes?: number; codeUrl?: string }): Promise<void> {
  await app.db.update(papers).set(fields).where(eq(papers.id, id));
}
