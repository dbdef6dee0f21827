import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, getTableColumns } from 'drizzle-orm';
import { normalizePaper } from '../../src/papers/normalize.js';
import { countPapers, getPaper, paperRow, UPSERT_COLUMNS, upsertPapers } from '../../src/papers/store.js';
import { addBookmark, listBookmarks, removeBookmark, teamBookmarks } from '../../src/library/bookmarks.js';
import { paperForMessage, recordPostedMessage } from '../../src/messages/posted-messages.js';
import { applyBookmarkReaction } from '../../src/library/reactions.js';
import { channelTopics, ensureChannel, subscribe, subscribedChannels, unsubscribe, updateChannelSettings } from '../../src/channels/channels.js';
import { digests, papers, paperSources, paperVersions } from '../../src/db/schema.js';
import { freshDatabase, STORES } from '../helpers/db.js';
import type { Database } from '../../src/db/database.js';

const summary = { tldr: 'We do X.', keyResult: null };
const rec = (input: Parameters<typeof normalizePaper>[0], source: 'arxiv' | 'hf' | 'import' = 'arxiv') => ({ ...normalizePaper(input, source), ...summary });

describe('the paper upsert', () => {
  it('writes the columns schema.ts declares (all but created_at and changed_at), each named in its JSON row', () => {
    const declared = Object.values(getTableColumns(papers)).map((c) => [c.name, c.getSQLType()]);
    expect(UPSERT_COLUMNS).toEqual(declared.filter(([name]) => name !== 'created_at' && name !== 'changed_at'));
    expect(UPSERT_COLUMNS).toContainEqual(['source_updated_at', 'timestamp with time zone']);
    expect(Object.keys(paperRow(rec({ id: '2106.09685v2', title: 'LoRA', abstract: 'Low-rank.' })))).toEqual(UPSERT_COLUMNS.map(([name]) => name));
  });
});

describe.each(STORES)('data layer on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('upserts by id: the same paper twice is one row', async () => {
    const db = database.db;
    const p = rec({ id: '2106.09685v1', title: 'LoRA', abstract: 'Low-rank adaptation.' });
    const first = await upsertPapers(db, [p]);
    const second = await upsertPapers(db, [p]);
    expect(first[0]).toMatchObject({ id: '2106.09685', inserted: true });
    expect(second[0]).toMatchObject({ inserted: false, textChanged: false });
    expect(await countPapers(db)).toBe(1);
  });

  it('a newer version updates the text and keeps bookmarks and posts; an older one does not', async () => {
    const db = database.db;
    const who = { platform: 'slack', workspaceId: 'T1', userId: 'U1' };
    await addBookmark(db, who, '2106.09685');
    await recordPostedMessage(db, { platform: 'slack', workspaceId: 'T1', channelId: 'C1', messageId: '1.1', paperId: '2106.09685' });
    const v2 = await upsertPapers(db, [rec({ id: '2106.09685v2', title: 'LoRA v2', abstract: 'Updated abstract.' })]);
    expect(v2[0].textChanged).toBe(true);
    const older = await upsertPapers(db, [rec({ id: '2106.09685v1', title: 'LoRA', abstract: 'Low-rank adaptation.' })]);
    expect(older[0].textChanged).toBe(false);
    const p = await getPaper(db, '2106.09685');
    expect(p).toMatchObject({ title: 'LoRA v2', abstract: 'Updated abstract.', version: 2 });
    expect((await listBookmarks(db, who)).map((b) => b.paper.id)).toEqual(['2106.09685']);
    expect(await paperForMessage(db, { platform: 'slack', channelId: 'C1', messageId: '1.1' })).toMatchObject({ paperId: '2106.09685' });
    const versions = await db.select().from(paperVersions).where(eq(paperVersions.paperId, '2106.09685'));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
  });

  it('an unversioned record (HF) refreshes popularity but never overwrites arXiv text', async () => {
    const db = database.db;
    await upsertPapers(db, [rec({ id: '2106.09685', title: 'LoRA from HF', abstract: 'HF summary text', upvotes: 42, stars: 7 }, 'hf')]);
    let p = await getPaper(db, '2106.09685');
    expect(p).toMatchObject({ title: 'LoRA v2', upvotes: 42, stars: 7 });
    expect(p!.sources).toEqual(['arxiv', 'hf']);
    await upsertPapers(db, [rec({ id: '2106.09685', title: 'LoRA from HF', abstract: 'HF summary text', upvotes: 50 }, 'hf')]);
    p = await getPaper(db, '2106.09685');
    expect(p).toMatchObject({ upvotes: 50, stars: 7 });
    const sources = await db.select().from(paperSources).where(eq(paperSources.paperId, '2106.09685'));
    expect(sources.map((s) => s.source).sort()).toEqual(['arxiv', 'hf']);
  });

  it('marks withdrawn papers instead of deleting them', async () => {
    const db = database.db;
    await upsertPapers(db, [rec({ id: '2106.09685v3', title: 'LoRA v2', abstract: 'Withdrawn.', withdrawn: true })]);
    const p = await getPaper(db, '2106.09685');
    expect(p).toMatchObject({ withdrawn: true, version: 3 });
  });

  it('stores papers without an arXiv id under their title id; the same batch twice is one row', async () => {
    const db = database.db;
    const a = rec({ title: 'A Title Only Paper', abstract: 'x' }, 'import');
    const b = rec({ title: 'a title-only paper', abstract: 'x' }, 'import');
    await upsertPapers(db, [a, b]);
    expect(a.id).toBe(b.id);
    expect(await getPaper(db, a.id)).not.toBeNull();
  });

  it('keeps bookmarks per workspace and user', async () => {
    const db = database.db;
    const alice = { platform: 'slack', workspaceId: 'T1', userId: 'UA' };
    const other = { platform: 'slack', workspaceId: 'T2', userId: 'UA' };
    expect(await addBookmark(db, alice, '2106.09685')).toBe(true);
    expect(await addBookmark(db, alice, '2106.09685')).toBe(false);
    expect(await listBookmarks(db, other)).toEqual([]);
    const team = await teamBookmarks(db, { platform: 'slack', workspaceId: 'T1' });
    expect(team[0]).toMatchObject({ savers: 2 });
    expect(await removeBookmark(db, alice, '2106.09685')).toBe(true);
    expect(await removeBookmark(db, alice, '2106.09685')).toBe(false);
  });

  it('turns a reaction on a one-paper message into a bookmark, and ignores other messages and workspaces', async () => {
    const db = database.db;
    const base = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'UR' };
    expect(await applyBookmarkReaction(db, { ...base, messageId: '1.1', added: true })).toMatchObject({ outcome: 'bookmarked', paperId: '2106.09685' });
    expect(await applyBookmarkReaction(db, { ...base, messageId: '9.9', added: true })).toEqual({ outcome: 'ignored' });
    expect(await applyBookmarkReaction(db, { ...base, workspaceId: 'T2', messageId: '1.1', added: true })).toEqual({ outcome: 'ignored' });
    expect(await applyBookmarkReaction(db, { ...base, messageId: '1.1', added: false })).toMatchObject({ outcome: 'unbookmarked' });
  });

  it('keeps channel settings and subscriptions, and one digest per channel per date', async () => {
    const db = database.db;
    const c = await ensureChannel(db, { platform: 'discord', workspaceId: 'G1', channelId: 'X1' });
    expect(c).toMatchObject({ digestTime: '09:00', digestSize: 5, digestDays: 'weekdays', repostAfterDays: null });
    expect((await ensureChannel(db, { platform: 'discord', workspaceId: 'G1', channelId: 'X1' })).id).toBe(c.id);
    expect(await subscribe(db, c.id, 'lora', 'U1')).toBe(true);
    expect(await subscribe(db, c.id, 'lora', 'U1')).toBe(false);
    await subscribe(db, c.id, 'kv cache', 'U1');
    expect(await channelTopics(db, c.id)).toEqual(['lora', 'kv cache']);
    const updated = await updateChannelSettings(db, c.id, { time: '07:30', timezone: 'Europe/Berlin', size: 8 });
    expect(updated).toMatchObject({ digestTime: '07:30', timezone: 'Europe/Berlin', digestSize: 8 });
    expect((await subscribedChannels(db)).find((x) => x.id === c.id)?.topics).toEqual(['lora', 'kv cache']);
    expect(await unsubscribe(db, c.id, 'lora')).toBe(true);
    await db.insert(digests).values({ channelId: c.id, date: '2026-11-28' });
    await expect(db.insert(digests).values({ channelId: c.id, date: '2026-11-28' })).rejects.toThrow();
  });

  it('treats SQL-looking text as data', async () => {
    const db = database.db;
    const evil = "x'); drop table papers; --";
    await upsertPapers(db, [rec({ title: evil, abstract: evil }, 'import')]);
    const c = await ensureChannel(db, { platform: 'slack', workspaceId: 'T1', channelId: evil });
    await subscribe(db, c.id, evil, evil);
    expect(await channelTopics(db, c.id)).toEqual([evil]);
    expect(await countPapers(db)).toBeGreaterThan(1);
  });
});
