// `/papers digest preview` and `/papers digest now` through the core handler, delivered by the
// in-process jobs runner the way `paperbot start` wires it (jobs/bot-jobs.ts).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { channelTopics, findChannel } from '../../src/channels/channels.js';
import { handleCommand } from '../../src/commands/handle.js';
import { digestItems, digests, postedMessages } from '../../src/db/schema.js';
import { addBookmark } from '../../src/library/bookmarks.js';
import { getPaper } from '../../src/papers/store.js';
import { startJobsForBot } from '../../jobs/bot-jobs.js';
import { sampleApp } from '../helpers/app.js';
import { until } from '../jobs/helpers.js';
import { PLATFORM, recordingPoster } from './helpers.js';

let app: App;
let stopJobs: () => Promise<void>;
const poster = recordingPoster();
const ctx = (workspaceId: string) => ({ platform: PLATFORM, workspaceId, channelId: `C-${workspaceId}`, userId: 'U1' });
const count = async (table: typeof digests | typeof digestItems | typeof postedMessages) => Number((await app.db.select({ n: sql<number>`count(*)` }).from(table))[0].n);

beforeAll(async () => {
  app = await sampleApp();
});
afterAll(async () => {
  await stopJobs?.();
  await app?.close();
});

describe('/papers digest preview and now', () => {
  it('preview shows the next digest with scores, to the asker only, and stores nothing', async () => {
    expect((await handleCommand(app, ctx('W-prev'), 'digest preview')).text).toMatch(/subscribe it to a topic/);
    await handleCommand(app, ctx('W-prev'), 'subscribe lora');
    const before = await Promise.all([count(digests), count(digestItems), count(postedMessages)]);
    const reply = await handleCommand(app, ctx('W-prev'), 'digest preview');
    expect(reply.visibility).toBe('private');
    expect(reply.text).toMatch(/^Preview of your next digest \(\d{4}-\d{2}-\d{2} 09:00 UTC\): 5 of \d+ candidates on lora\. Only you can see this/);
    expect(reply.cards).toHaveLength(5);
    for (const card of reply.cards) {
      expect(card.why[0]).toBe('matches lora');
      expect(card.why[card.why.length - 1]).toMatch(/^score 0\.\d\d = relevance 0\.\d\d( \+ \w+ 0\.\d\d)*$/);
    }
    expect(await Promise.all([count(digests), count(digestItems), count(postedMessages)])).toEqual(before);
    expect(poster.posted).toEqual([]);
  });

  it('without a job runner (the console chat), digest now shows the digest in the reply and stores nothing', async () => {
    await handleCommand(app, ctx('W-console'), 'subscribe lora');
    const reply = await handleCommand(app, ctx('W-console'), 'digest now');
    expect(reply.visibility).toBe('channel');
    expect(reply.cards).toHaveLength(5);
    expect(await count(digests)).toBe(0);
  });

  it('digest now posts today\'s digest in the channel once, however often it is asked', async () => {
    stopJobs = await startJobsForBot(app, { extraPosters: [poster], inProcess: { autostart: false, paceMs: 0, ingestSchedules: [] } });
    await handleCommand(app, ctx('W-now'), 'subscribe lora');
    await handleCommand(app, ctx('W-now'), 'settings size 3');
    const reply = await handleCommand(app, ctx('W-now'), 'digest now');
    expect(reply).toMatchObject({ text: "Posting today's digest (3 papers) here.", visibility: 'private' });
    const msgs = await until(async () => (poster.in('C-W-now').length === 4 ? poster.in('C-W-now') : null));
    expect(msgs[0].text).toMatch(/^Your digest for \d{4}-\d{2}-\d{2}: 3 papers on lora$/);
    for (const m of msgs.slice(1)) {
      expect(m.threadId).toBe(msgs[0].id);
      expect(m.why).toContain('matches lora');
    }
    const channel = (await findChannel(app.db, ctx('W-now')))!;
    await until(async () => (await app.db.select().from(digests).where(eq(digests.channelId, channel.id)))[0]?.status === 'delivered');

    const again = await handleCommand(app, ctx('W-now'), 'digest now');
    expect(again.text).toBe("Today's digest was already posted here.");
    await new Promise((r) => setTimeout(r, 200));
    expect(poster.in('C-W-now')).toHaveLength(4);
    expect(await app.db.select().from(digests).where(eq(digests.channelId, channel.id))).toHaveLength(1);
  });

  it('the team view of bookmarks is searchable too', async () => {
    const team = ctx('W-lib');
    for (const [user, q] of [['U1', 'lora'], ['U2', 'lora'], ['U2', 'speculative decoding']] as const) {
      const id = app.search.search(q, { limit: 1 }).hits[0].id;
      await addBookmark(app.db, { platform: PLATFORM, workspaceId: 'W-lib', userId: user }, id);
    }
    const all = await handleCommand(app, team, 'bookmarks team');
    expect(all.text).toBe('What your team saved most (2)');
    expect(all.cards[0].why).toEqual(['saved by 2 people']);
    const spec = await handleCommand(app, team, 'bookmarks team speculative decoding');
    expect(spec.text).toBe('What your team saved matching "speculative decoding" (1)');
    expect(spec.cards).toHaveLength(1);
    expect(spec.cards[0].title).toMatch(/Speculative/i);
    expect((await handleCommand(app, team, 'bookmarks team quantum chromodynamics')).text).toBe('Nothing your team saved matches "quantum chromodynamics".');
  });

  it('digest now on a quiet channel with nothing new posts nothing and says so privately', async () => {
    await handleCommand(app, ctx('W-hush'), 'subscribe quantum chromodynamics');
    await handleCommand(app, ctx('W-hush'), 'settings empty silent');
    const reply = await handleCommand(app, ctx('W-hush'), 'digest now');
    expect(reply).toMatchObject({ visibility: 'private', text: 'Nothing new on quantum chromodynamics today; this channel stays silent on empty days, so nothing was posted.' });
    await new Promise((r) => setTimeout(r, 100));
    expect(poster.in('C-W-hush')).toEqual([]);
  });
});

// Exclusions hold wherever a topic is used: search, subscribe (stored as typed), preview, digest.
/** Whether any of the papers says `pattern` in its title or abstract. */
async function mention(ids: string[], pattern: RegExp): Promise<boolean[]> {
  return Promise.all(ids.map(async (id) => {
    const p = (await getPaper(app.db, id))!;
    return pattern.test(`${p.title} ${p.abstract}`);
  }));
}

describe('exclusions in topics and queries', () => {
  it('search: NOT term, -term and NOT "a phrase" leave those papers out', async () => {
    const all = app.search.search('lora', { limit: 100 }).hits.map((h) => h.id);
    expect((await mention(all, /diffusion/i)).some(Boolean)).toBe(true);
    for (const q of ['lora NOT diffusion', 'lora -diffusion']) {
      const r = await handleCommand(app, ctx('W-search'), q);
      expect(r.text).toMatch(/Leaving out papers that mention "diffusion"/);
      expect(r.cards.length).toBeGreaterThan(0);
      const hits = app.search.search(q, { limit: 100 }).hits.map((h) => h.id);
      expect(await mention(hits, /diffusion/i)).not.toContain(true);
    }
    const phrase = app.search.search('diffusion NOT "language models"', { limit: 100 });
    expect(phrase.excluded).toEqual(['language models']);
    expect(phrase.hits.length).toBeGreaterThan(0);
    expect(await mention(phrase.hits.map((h) => h.id), /language models?/i)).not.toContain(true);
    // The phrase, not its words: a paper with "language" elsewhere may stay.
    expect(phrase.hits.length).toBeGreaterThan(app.search.search('diffusion -language -models', { limit: 100 }).hits.length);
  });

  it('subscribe: the topic is stored and shown as typed, and is one topic in any case', async () => {
    const r = await handleCommand(app, ctx('W-sub'), 'subscribe LoRA NOT diffusion');
    expect(r.text).toMatch(/^Subscribed this channel to "LoRA NOT diffusion"\.\nTopics: LoRA NOT diffusion/);
    // Lower-case "not" is a word to look for, so a different topic.
    expect((await handleCommand(app, ctx('W-sub'), 'subscribe lora not diffusion')).text).toMatch(/^Subscribed this channel to "lora not diffusion"/);
    for (const same of ['lora NOT DIFFUSION', 'lora -diffusion']) {
      expect((await handleCommand(app, ctx('W-sub'), `subscribe ${same}`)).text).toMatch(/^This channel already follows/);
    }
    const channel = (await findChannel(app.db, ctx('W-sub')))!;
    expect(await channelTopics(app.db, channel.id)).toEqual(['LoRA NOT diffusion', 'lora not diffusion']);
    expect((await handleCommand(app, ctx('W-sub'), 'unsubscribe lora not Diffusion')).text).toMatch(/^Unsubscribed/);
    expect((await handleCommand(app, ctx('W-sub'), 'unsubscribe LORA -Diffusion')).text).toMatch(/^Unsubscribed this channel from "LORA -Diffusion"/);
    expect(await channelTopics(app.db, channel.id)).toEqual([]);
  });

  it('preview: the picks leave out what the topic excludes, and "-term" is not an empty preview', async () => {
    await handleCommand(app, ctx('W-plain'), 'subscribe lora');
    const plain = await handleCommand(app, ctx('W-plain'), 'digest preview');
    expect(await mention(plain.cards.map((c) => c.paperId), /diffusion/i)).toContain(true);
    for (const [workspace, topic] of [['W-not', 'lora NOT diffusion'], ['W-minus', 'lora -diffusion'], ['W-phrase', 'lora NOT "diffusion models"']]) {
      await handleCommand(app, ctx(workspace), `subscribe ${topic}`);
      const preview = await handleCommand(app, ctx(workspace), 'digest preview');
      expect(preview.text).toContain(`candidates on ${topic}.`);
      expect(preview.cards).toHaveLength(5);
      expect(await mention(preview.cards.map((c) => c.paperId), workspace === 'W-phrase' ? /diffusion models?/i : /diffusion/i)).not.toContain(true);
      for (const card of preview.cards) expect(card.why[0]).toBe(`matches ${topic}`);
    }
  });

  it('digest: the posted digest leaves them out too (posted by the jobs started above)', async () => {
    await handleCommand(app, ctx('W-digest'), 'subscribe lora -diffusion');
    expect((await handleCommand(app, ctx('W-digest'), 'digest now')).text).toBe("Posting today's digest (5 papers) here.");
    const msgs = await until(async () => (poster.in('C-W-digest').length === 6 ? poster.in('C-W-digest') : null));
    expect(msgs[0].text).toMatch(/papers on lora -diffusion$/);
    expect(await mention(msgs.slice(1).map((m) => m.paperId!), /diffusion/i)).not.toContain(true);
  });
});
