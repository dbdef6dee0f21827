// `/papers digest preview` and `/papers digest now` through the core handler, delivered by the
// in-process jobs runner the way `paperbot start` wires it (jobs/bot-jobs.ts).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { findChannel } from '../../src/channels/channels.js';
import { handleCommand } from '../../src/commands/handle.js';
import { digestItems, digests, postedMessages } from '../../src/db/schema.js';
import { addBookmark } from '../../src/library/bookmarks.js';
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
