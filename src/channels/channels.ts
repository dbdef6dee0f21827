import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { channels, follows, subscriptions, workspaces } from '../db/schema.js';
import { splitExclusions } from '../search/exclusions.js';

export type Channel = typeof channels.$inferSelect;

export type DigestDays = 'weekdays' | 'daily' | 'weekly';

export interface SettingsChange {
  time?: string;
  timezone?: string;
  size?: number;
  days?: DigestDays;
  /** Days before a posted paper may come back; null = never. */
  repostAfterDays?: number | null;
  quietWhenEmpty?: boolean;
}

export interface ChannelRef {
  platform: string;
  workspaceId: string;
  channelId: string;
}

export async function ensureWorkspace(db: Db, platform: string, workspaceId: string, fields: { name?: string; timezone?: string } = {}): Promise<void> {
  await db
    .insert(workspaces)
    .values({ platform, id: workspaceId, name: fields.name ?? null, timezone: fields.timezone ?? null })
    .onConflictDoNothing();
}

export async function findChannel(db: Db, ref: ChannelRef): Promise<Channel | null> {
  const rows = await db
    .select()
    .from(channels)
    .where(and(eq(channels.platform, ref.platform), eq(channels.workspaceId, ref.workspaceId), eq(channels.channelId, ref.channelId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function getChannelById(db: Db, id: number): Promise<Channel | null> {
  const rows = await db.select().from(channels).where(eq(channels.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The channel's row, created with defaults on first use. */
export async function ensureChannel(db: Db, ref: ChannelRef): Promise<Channel> {
  await ensureWorkspace(db, ref.platform, ref.workspaceId);
  await db.insert(channels).values(ref).onConflictDoNothing();
  return (await findChannel(db, ref))!;
}

export async function updateChannelSettings(db: Db, id: number, change: SettingsChange): Promise<Channel> {
  const set: Partial<typeof channels.$inferInsert> = { updatedAt: new Date() };
  if (change.time !== undefined) set.digestTime = change.time;
  if (change.timezone !== undefined) set.timezone = change.timezone;
  if (change.size !== undefined) set.digestSize = change.size;
  if (change.days !== undefined) set.digestDays = change.days;
  if (change.repostAfterDays !== undefined) set.repostAfterDays = change.repostAfterDays;
  if (change.quietWhenEmpty !== undefined) set.quietWhenEmpty = change.quietWhenEmpty;
  const [row] = await db.update(channels).set(set).where(eq(channels.id, id)).returning();
  return row;
}

/**
 * A topic is kept as typed ("LoRA NOT diffusion"), and is the same topic whatever its letter case
 * or way of excluding ("lora -diffusion"); NOT itself is upper case, so "lora not diffusion" differs.
 */
export function topicKey(topic: string): string {
  const { text, excluded } = splitExclusions(topic);
  const words = (s: string) => s.toLowerCase().split(/\s+/).filter(Boolean).join(' ');
  return [words(text), ...excluded.map((e) => `-${words(e)}`).sort()].join(' ');
}

async function storedTopic(db: Db, channelId: number, topic: string): Promise<string | undefined> {
  const key = topicKey(topic);
  return (await channelTopics(db, channelId)).find((t) => topicKey(t) === key);
}

/** Returns false when the channel already had the topic (see topicKey). */
export async function subscribe(db: Db, channelId: number, topic: string, userId: string): Promise<boolean> {
  if (await storedTopic(db, channelId, topic)) return false;
  const rows = await db.insert(subscriptions).values({ channelId, topic, createdBy: userId }).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function unsubscribe(db: Db, channelId: number, topic: string): Promise<boolean> {
  const stored = await storedTopic(db, channelId, topic);
  if (stored === undefined) return false;
  const rows = await db
    .delete(subscriptions)
    .where(and(eq(subscriptions.channelId, channelId), eq(subscriptions.topic, stored)))
    .returning();
  return rows.length > 0;
}

export async function channelTopics(db: Db, channelId: number): Promise<string[]> {
  const rows = await db
    .select({ topic: subscriptions.topic })
    .from(subscriptions)
    .where(eq(subscriptions.channelId, channelId))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.topic));
  return rows.map((r) => r.topic);
}

/** Channels with at least one topic or follow: these get a digest. */
export async function subscribedChannels(db: Db): Promise<Array<Channel & { topics: string[] }>> {
  const rows = await db
    .select({ channel: channels, topic: subscriptions.topic })
    .from(channels)
    .innerJoin(subscriptions, eq(subscriptions.channelId, channels.id))
    .orderBy(asc(channels.id), asc(subscriptions.createdAt));
  const out = new Map<number, Channel & { topics: string[] }>();
  for (const r of rows) {
    const c = out.get(r.channel.id) ?? { ...r.channel, topics: [] };
    c.topics.push(r.topic);
    out.set(c.id, c);
  }
  const followers = await db.selectDistinct({ channel: channels }).from(channels).innerJoin(follows, eq(follows.channelId, channels.id));
  for (const r of followers) if (!out.has(r.channel.id)) out.set(r.channel.id, { ...r.channel, topics: [] });
  return [...out.values()].sort((a, b) => a.id - b.id);
}

/**
 * What the channel's digest is on, for headers and replies: its topics, then what it follows
 * ("lora, Tri Dao, cs.CL"). Empty: the channel gets no digest.
 */
export async function digestSubjects(db: Db, channelId: number): Promise<string[]> {
  const [topics, followed] = await Promise.all([
    channelTopics(db, channelId),
    db.select({ label: follows.label }).from(follows).where(eq(follows.channelId, channelId)).orderBy(asc(follows.createdAt), asc(follows.key)),
  ]);
  return [...topics, ...followed.map((f) => f.label)];
}

/** The zone a channel's digest runs in: its own, else its workspace's, else UTC. */
export async function channelTimezone(db: Db, c: Channel): Promise<string> {
  if (c.timezone) return c.timezone;
  const [w] = await db
    .select({ tz: workspaces.timezone })
    .from(workspaces)
    .where(and(eq(workspaces.platform, c.platform), eq(workspaces.id, c.workspaceId)))
    .limit(1);
  return w?.tz ?? 'UTC';
}

/** A channel that follows topics, as a workspace overview shows it. */
export interface ChannelDigest {
  channelId: string;
  topics: string[];
  time: string;
  timezone: string;
  days: string;
}

/** The workspace's channels that follow topics. Only this workspace's: never another's. */
export async function workspaceDigests(db: Db, workspace: { platform: string; workspaceId: string }): Promise<ChannelDigest[]> {
  const rows = await db
    .select({ channel: channels, topic: subscriptions.topic })
    .from(channels)
    .innerJoin(subscriptions, eq(subscriptions.channelId, channels.id))
    .where(and(eq(channels.platform, workspace.platform), eq(channels.workspaceId, workspace.workspaceId)))
    .orderBy(asc(channels.channelId), asc(subscriptions.createdAt), asc(subscriptions.topic));
  const byId = new Map<number, { channel: Channel; topics: string[] }>();
  for (const r of rows) {
    const c = byId.get(r.channel.id) ?? { channel: r.channel, topics: [] };
    c.topics.push(r.topic);
    byId.set(r.channel.id, c);
  }
  const out: ChannelDigest[] = [];
  for (const { channel, topics } of byId.values()) {
    out.push({ channelId: channel.channelId, topics, time: channel.digestTime, timezone: await channelTimezone(db, channel), days: channel.digestDays });
  }
  return out;
}
