// How a digest picks: relevance to the channel's topics, the team's taste, popularity, code,
// diversity; never the same paper twice within the channel's dedup window. On the sample library.
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { digests, postedMessages } from '../../src/db/schema.js';
import { composeDigest } from '../../src/digest/compose.js';
import { pickForChannel } from '../../src/digest/pick.js';
import { digestItemReply } from '../../src/digest/replies.js';
import { addBookmark } from '../../src/library/bookmarks.js';
import { getPapers } from '../../src/papers/store.js';
import { startInProcessJobs, type InProcessRunner } from '../../jobs/in-process.js';
import { sampleApp } from '../helpers/app.js';
import { isLora, isSpeculative, makeChannel, paperTitled, PLATFORM, recordingPoster, setPopularity } from './helpers.js';

let app: App;
let runner: InProcessRunner;
const poster = recordingPoster();
beforeAll(async () => {
  app = await sampleApp();
  runner = startInProcessJobs(app, { posters: new Map([[PLATFORM, poster]]), autostart: false, paceMs: 0, ingestSchedules: [] });
});
afterAll(async () => {
  await runner?.stop();
  await app?.close();
});

async function saveAll(workspaceId: string, ids: string[]) {
  for (const id of ids) await addBookmark(app.db, { platform: PLATFORM, workspaceId, userId: 'U-saver' }, id);
}

describe('digest picks on the sample library', () => {
  it('a channel subscribed to "lora" gets only LoRA papers in its top 5', async () => {
    const c = await makeChannel(app, 'W-lora', ['lora']);
    const d = await composeDigest(app, c.id, '2026-11-30');
    expect(d.header.text).toBe('Your digest for 2026-11-30: 5 papers on lora');
    expect(d.items).toHaveLength(5);
    const picked = await getPapers(app.db, d.items.map((i) => i.paperId));
    for (const p of picked) expect(isLora(p), p.title).toBe(true);
    for (const it of d.items) expect(it.reasons).toContain('matches lora');
    // Diversified: not the same idea five times (no two picks share their title's first word).
    expect(new Set(picked.map((p) => p.title.split(/[\s:-]/)[0].toLowerCase())).size).toBe(5);
  });

  it('after a team saves three speculative-decoding papers, those papers rise in its digest and not in another team\'s', async () => {
    const mine = await makeChannel(app, 'W-spec', ['efficient']);
    const theirs = await makeChannel(app, 'W-other', ['efficient']);
    const now = new Date(); // one clock: freshness moves with it
    const top = async (c: typeof mine) => (await pickForChannel(app, c, ['efficient'], 5, { now })).picks;
    const theirsBefore = await top(theirs);
    const mineBefore = await top(mine);
    expect(mineBefore.map((p) => p.paperId)).toEqual(theirsBefore.map((p) => p.paperId)); // same library, no taste yet

    const spec = app.search.search('speculative decoding', { limit: 3 }).hits.map((h) => h.id);
    expect(spec).toHaveLength(3);
    await saveAll('W-spec', spec);

    const mineAfter = await top(mine);
    const theirsAfter = await top(theirs);
    const specCount = (ps: typeof mineAfter) => ps.filter((p) => isSpeculative(p.paper)).length;
    expect(specCount(mineAfter)).toBeGreaterThan(specCount(mineBefore));
    expect(specCount(mineAfter)).toBeGreaterThan(specCount(theirsAfter));
    // The other workspace's digest did not move at all.
    expect(theirsAfter.map((p) => [p.paperId, p.score])).toEqual(theirsBefore.map((p) => [p.paperId, p.score]));
    const risen = mineAfter.filter((p) => isSpeculative(p.paper));
    for (const p of risen) expect(p.parts.taste).toBeGreaterThan(0);
    expect(risen.some((p) => p.reasons.some((r) => /^like \d+ papers? your team saved$/.test(r)))).toBe(true);
  });

  it('from five saved papers on, a linear model learns the taste, with the same effect', async () => {
    const mine = await makeChannel(app, 'W-model', ['efficient']);
    const theirs = await makeChannel(app, 'W-model-other', ['efficient']);
    await saveAll('W-model', app.search.search('speculative decoding', { limit: 6 }).hits.map((h) => h.id));
    const a = await pickForChannel(app, mine, ['efficient'], 5);
    const b = await pickForChannel(app, theirs, ['efficient'], 5);
    expect(a.taste).toBe('model');
    expect(b.taste).toBe('none');
    const specCount = (ps: typeof a.picks) => ps.filter((p) => isSpeculative(p.paper)).length;
    expect(specCount(a.picks)).toBeGreaterThan(specCount(b.picks));
  });

  it('why lines say, at a glance: matches lora, N upvotes, like N papers your team saved, code available', async () => {
    const popular = await paperTitled(app, 'AutoLoRA');
    await setPopularity(app, popular.id, { upvotes: 42, codeUrl: 'https://github.com/example/autolora' });
    const c = await makeChannel(app, 'W-why', ['lora']);
    // The team saved text-to-image diffusion papers; AutoLoRA is LoRA for text-to-image.
    await saveAll('W-why', [(await paperTitled(app, 'DataDream')).id, (await paperTitled(app, 'MuLan')).id, (await paperTitled(app, 'Precise Parameter Localization')).id]);
    const { picks } = await pickForChannel(app, c, ['lora'], 10);
    const auto = picks.find((p) => p.paperId === popular.id)!;
    expect(auto).toBeDefined();
    expect(auto.reasons).toEqual(expect.arrayContaining(['matches lora', '42 upvotes', 'code available']));
    expect(auto.reasons.some((r) => /^like [1-3] papers? your team saved$/.test(r))).toBe(true);
    expect(auto.parts.popularity).toBeGreaterThan(0);
    expect(auto.parts.code).toBe(1);
    // A paper nobody upvoted and without code says neither.
    const plain = picks.find((p) => p.paper.upvotes === 0 && !p.paper.codeUrl)!;
    expect(plain.reasons.join(' ')).not.toMatch(/upvote|code available/);
    // The card a channel sees carries the same why lines.
    expect(digestItemReply(auto.paper, auto.reasons).cards[0].why).toEqual(auto.reasons);
  });

  it('never posts a paper twice to one channel within its dedup window', async () => {
    const c = await makeChannel(app, 'W-dedup', ['lora']);
    const posted: string[] = [];
    let emptyDay: string | null = null;
    for (let day = 1; day <= 12 && !emptyDay; day++) {
      const date = `2026-12-${String(day).padStart(2, '0')}`;
      const d = await composeDigest(app, c.id, date);
      await runner.deliver(d.id);
      if (d.items.length === 0) emptyDay = d.header.text;
      posted.push(...poster.in(c.channelId).filter((m) => m.to.workspaceId === 'W-dedup' && m.paperId).map((m) => m.paperId!).slice(posted.length));
    }
    // Every LoRA paper of the sample was posted once, then the digest ran dry and said so.
    expect(posted.length).toBeGreaterThan(20);
    expect(new Set(posted).size).toBe(posted.length);
    expect(emptyDay).toBe('Nothing new on lora today.');
    // Composing a date again (a retried job) adds nothing.
    const again = await composeDigest(app, c.id, '2026-12-01');
    await runner.deliver(again.id);
    expect(poster.in(c.channelId).filter((m) => m.to.workspaceId === 'W-dedup' && m.paperId)).toHaveLength(posted.length);
  });

  it('with "repost 7", a paper may come back after 7 days, never sooner', async () => {
    const c = await makeChannel(app, 'W-repost', ['lora'], { repostAfterDays: 7 });
    const first = await composeDigest(app, c.id, '2026-12-01');
    await runner.deliver(first.id);
    const firstIds = first.items.map((i) => i.paperId);
    const age = async (digestId: number, days: number) => {
      const at = sql`now() - ${days} * interval '1 day'`;
      await app.db.update(digests).set({ createdAt: at }).where(eq(digests.id, digestId));
      await app.db.update(postedMessages).set({ postedAt: at }).where(inArray(postedMessages.paperId, firstIds));
    };
    await age(first.id, 3);
    const second = await composeDigest(app, c.id, '2026-12-04');
    expect(second.items.map((i) => i.paperId).filter((id) => firstIds.includes(id))).toEqual([]);
    await age(first.id, 8);
    const third = await composeDigest(app, c.id, '2026-12-09');
    const back = third.items.map((i) => i.paperId);
    expect(back.filter((id) => firstIds.includes(id)).length).toBeGreaterThan(0);
    expect(back.filter((id) => second.items.some((i) => i.paperId === id))).toEqual([]);
  });

  it('a day with nothing good says so in one short line', async () => {
    const c = await makeChannel(app, 'W-none', ['quantum chromodynamics']);
    const d = await composeDigest(app, c.id, '2026-11-30');
    expect(d.items).toEqual([]);
    expect(d.header.text).toBe('Nothing new on quantum chromodynamics today.');
    await runner.deliver(d.id);
    expect(poster.posted.filter((m) => m.to.workspaceId === 'W-none').map((m) => m.text)).toEqual(['Nothing new on quantum chromodynamics today.']);
  });

  it('a quiet channel stays silent on a day with nothing good', async () => {
    const c = await makeChannel(app, 'W-quiet', ['quantum chromodynamics'], { quietWhenEmpty: true });
    const d = await composeDigest(app, c.id, '2026-11-30');
    expect(d.status).toBe('empty');
    expect(d.header.state).toBe('skipped');
    await runner.deliver(d.id);
    expect(poster.posted.filter((m) => m.to.workspaceId === 'W-quiet')).toEqual([]);
  });
});
