// Follow-ups: a posted paper that gains a new version or a code link gets one short message in
// the thread of its original post, once, and only where it was posted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { handleCommand } from '../../src/commands/handle.js';
import { followUps } from '../../src/db/schema.js';
import { addBookmark } from '../../src/library/bookmarks.js';
import { planFollowUps, sendFollowUp, type PaperChange } from '../../src/library/follow-ups.js';
import { silentLogger } from '../../src/log.js';
import { PostOutcomeUnknownError } from '../../src/delivery/poster.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import type { PaperInput } from '../../src/papers/paper.js';
import { startJobsForBot } from '../../jobs/bot-jobs.js';
import { sampleApp } from '../helpers/app.js';
import { until } from '../jobs/helpers.js';
import { PLATFORM, recordingPoster } from './helpers.js';

const ID = '2512.04321';
const TITLE = 'Quokka: Low-Rank Adapters for Marsupial Vision';
const paper = (fields: Partial<PaperInput> = {}, source: 'arxiv' | 'hf' = 'arxiv') =>
  normalizePaper({ id: `${ID}v1`, title: TITLE, abstract: 'We adapt vision models to quokka photos with LoRA and report accuracy.', announced: new Date(Date.now() - 3_600_000), ...fields }, source);

let app: App;
let stopJobs: () => Promise<void>;
const poster = recordingPoster();
const ctx = (workspaceId: string) => ({ platform: PLATFORM, workspaceId, channelId: `C-${workspaceId}`, userId: 'U1' });

beforeAll(async () => {
  app = await sampleApp();
  await app.addPapers([paper()]);
  stopJobs = await startJobsForBot(app, { extraPosters: [poster], inProcess: { autostart: false, paceMs: 0, ingestSchedules: [] } });
  // Posted in one channel (a digest: header, then the paper in its thread)...
  await handleCommand(app, ctx('W-fu'), 'subscribe quokka');
  expect((await handleCommand(app, ctx('W-fu'), 'digest now')).text).toBe("Posting today's digest (1 paper) here.");
  await until(async () => poster.in('C-W-fu').length === 2);
  // ...followed but never posted in another, and saved from a search in a third: no thread to answer in.
  await handleCommand(app, ctx('W-fu-other'), 'subscribe quokka');
  await addBookmark(app.db, { platform: PLATFORM, workspaceId: 'W-fu-saved', userId: 'U9' }, ID);
});
afterAll(async () => {
  await stopJobs?.();
  await app?.close();
});

describe('follow-ups', () => {
  it('a new version is said once, in the thread of the original post', async () => {
    const [header, item] = poster.in('C-W-fu');
    expect(item.paperId).toBe(ID);
    await app.addPapers([paper({ id: `${ID}v3`, abstract: 'Version 3: we adapt vision models to quokka photos with LoRA, now with ablations.' })]);
    const msgs = await until(async () => (poster.in('C-W-fu').length === 3 ? poster.in('C-W-fu') : null));
    expect(msgs[2]).toMatchObject({ text: `New version v3 of this paper: ${TITLE}`, threadId: header.threadId ?? header.id });
    expect(msgs[2].threadId).toBe(item.threadId);
    // The same version again (a re-run of ingest) says nothing.
    await app.addPapers([paper({ id: `${ID}v3`, abstract: 'Version 3: we adapt vision models to quokka photos with LoRA, now with ablations.' })]);
    await new Promise((r) => setTimeout(r, 150));
    expect(poster.in('C-W-fu')).toHaveLength(3);
  });

  it('a new code link is said once, in the same thread', async () => {
    await app.addPapers([paper({ id: ID, codeUrl: 'https://github.com/example/quokka', upvotes: 12 }, 'hf')]);
    const msgs = await until(async () => (poster.in('C-W-fu').length === 4 ? poster.in('C-W-fu') : null));
    expect(msgs[3]).toMatchObject({ text: 'Code is now available: https://github.com/example/quokka', threadId: msgs[0].id });
    await app.addPapers([paper({ id: ID, codeUrl: 'https://github.com/example/quokka', upvotes: 20 }, 'hf')]);
    await new Promise((r) => setTimeout(r, 150));
    expect(poster.in('C-W-fu')).toHaveLength(4);
  });

  it('only channels the paper was posted to hear about it', () => {
    expect(poster.posted.filter((m) => m.to.channelId !== 'C-W-fu')).toEqual([]);
  });

  it('is recorded once per (channel, paper, kind, key): a second sender finds it said', async () => {
    const change: PaperChange = { paperId: ID, title: TITLE, newVersion: 3, codeUrl: 'https://github.com/example/quokka' };
    expect(await planFollowUps(app.db, [change])).toEqual([]); // both already said
    const rows = await app.db.select().from(followUps);
    expect(rows.map((r) => [r.channelId, r.paperId, r.kind, r.key]).sort()).toEqual([
      ['C-W-fu', ID, 'code', 'https://github.com/example/quokka'],
      ['C-W-fu', ID, 'version', 'v3'],
    ]);
    // A v4 planned twice (two processes saw it) is posted once.
    const [f] = await planFollowUps(app.db, [{ ...change, newVersion: 4, codeUrl: null }]);
    const deps = { db: app.db, poster, log: silentLogger };
    const outcomes = await Promise.all([sendFollowUp(deps, f), sendFollowUp(deps, f)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already', 'posted']);
    expect(poster.in('C-W-fu').filter((m) => m.text.startsWith('New version v4'))).toHaveLength(1);
  });

  it('a failed post is not recorded, so a retry says it', async () => {
    const failing = { platform: PLATFORM, post: async () => Promise.reject(new Error('platform down')) };
    const [f] = await planFollowUps(app.db, [{ paperId: ID, title: TITLE, newVersion: 5, codeUrl: null }]);
    await expect(sendFollowUp({ db: app.db, poster: failing, log: silentLogger }, f)).rejects.toThrow('platform down');
    expect(await planFollowUps(app.db, [{ paperId: ID, title: TITLE, newVersion: 5, codeUrl: null }])).toHaveLength(1);
    expect(await sendFollowUp({ db: app.db, poster, log: silentLogger }, f)).toMatchObject({ kind: 'posted' });
  });

  it('a post with no answer is settled by asking the platform: found is recorded, never re-posted', async () => {
    const stored: Array<{ key: string; id: string }> = [];
    const silent = {
      platform: PLATFORM,
      // The platform stores the message but the answer never arrives.
      post: async (m: { idempotencyKey?: string }) => {
        stored.push({ key: m.idempotencyKey!, id: `m${stored.length + 1}` });
        throw new PostOutcomeUnknownError('no answer');
      },
      findPosted: async (_to: unknown, key: string) => {
        const hit = stored.find((s) => s.key === key);
        return hit ? { messageId: hit.id } : null;
      },
    };
    const [f] = await planFollowUps(app.db, [{ paperId: ID, title: TITLE, newVersion: 6, codeUrl: null }]);
    expect(await sendFollowUp({ db: app.db, poster: silent, log: silentLogger }, f)).toEqual({ kind: 'posted', messageId: 'm1' });
    expect(await sendFollowUp({ db: app.db, poster, log: silentLogger }, f)).toEqual({ kind: 'already' });
    expect(stored).toHaveLength(1);
    // A platform that cannot be asked keeps the claim: no second post on retry.
    const blind = { platform: PLATFORM, post: async () => Promise.reject(new PostOutcomeUnknownError('no answer')) };
    const [g] = await planFollowUps(app.db, [{ paperId: ID, title: TITLE, newVersion: 7, codeUrl: null }]);
    await expect(sendFollowUp({ db: app.db, poster: blind, log: silentLogger }, g)).rejects.toThrow('no answer');
    expect(await sendFollowUp({ db: app.db, poster, log: silentLogger }, g)).toEqual({ kind: 'already' });
  });
});
