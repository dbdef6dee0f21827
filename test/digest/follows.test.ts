// Follows: authors (folded), categories and venues, per channel; a followed author's new paper is
// always in the next digest with "why: you follow ...". Through the core command handler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { commentNamesVenue, foldName, makeFollow, matchingFollows } from '../../src/channels/follows.js';
import { handleCommand } from '../../src/commands/handle.js';
import { parseCommand } from '../../src/commands/parse.js';
import { composeDigest } from '../../src/digest/compose.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { sampleApp } from '../helpers/app.js';
import { PLATFORM } from './helpers.js';

const NOW = new Date('2026-06-10T12:00:00Z');
const ctx = (channelId: string) => ({ platform: PLATFORM, workspaceId: 'W-follow', channelId, userId: 'U1' });

// Small papers of our own, shaped like a real arXiv day: one by an accented author, off-topic.
const DAY = [
  { id: '2606.10001', title: 'Mixture of experts routing at scale', abstract: 'We route tokens to experts with a balanced mixture of experts.', authors: ['Ana Núñez', 'Tri Dao'], categories: ['cs.LG'], comment: 'Accepted at ACL 2026' },
  { id: '2606.10002', title: 'Garden robots', abstract: 'Robots that water plants in gardens.', authors: ['Jörg Müller'], categories: ['cs.RO'], comment: 'Submitted to ICRA 2027' },
  { id: '2606.10003', title: 'Translating poetry', abstract: 'Poetry translation with style transfer.', authors: ['Li Wei'], categories: ['cs.CL'], comment: 'ICML2026; 9 pages' },
  { id: '2606.10004', title: 'LoRA for poetry', abstract: 'Low-rank adaptation (LoRA) for poetry generation.', authors: ['Sam Poe'], categories: ['cs.CL'] },
].map((p) => normalizePaper({ ...p, announced: '2026-06-09T00:00:00Z', source: 'arxiv' }, 'arxiv'));

let app: App;
beforeAll(async () => {
  app = await sampleApp();
  await app.addPapers(DAY);
});
afterAll(async () => app?.close());

async function digestOf(channelId: string, date: string) {
  const c = (await import('../../src/channels/channels.js')).findChannel(app.db, ctx(channelId));
  return composeDigest(app, (await c)!.id, date, undefined, { now: NOW });
}

describe('follows', () => {
  it('parses follow author/category/venue with or without quotes, unfollow and follows; bad input is one clear line', () => {
    expect(parseCommand('follow author "Tri Dao"')).toEqual({ kind: 'follow', follow: { kind: 'author', label: 'Tri Dao', key: 'tri dao' } });
    expect(parseCommand('/papers follow author Ana Núñez')).toMatchObject({ kind: 'follow', follow: { label: 'Ana Núñez', key: 'ana nunez' } });
    expect(parseCommand('follow category cs.CL')).toMatchObject({ follow: { kind: 'category', label: 'cs.CL', key: 'cs.cl' } });
    expect(parseCommand('unfollow venue ACL')).toMatchObject({ kind: 'unfollow', follow: { kind: 'venue', key: 'acl' } });
    expect(parseCommand('follows')).toEqual({ kind: 'follows' });
    expect(parseCommand('follow')).toEqual({ kind: 'follows' });
    expect(parseCommand('follow category not a category')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('not an arXiv category') });
    expect(parseCommand('follow planet Mars')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('author, category or venue') });
    expect(parseCommand('follow author ""')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('needs a name') });
  });

  it('matches authors accent- and case-insensitively, categories exactly, venues on accepted comments only', () => {
    expect(foldName('Jörg  MÜLLER')).toBe('jorg muller');
    expect(foldName('Łukasz Kaiser')).toBe('lukasz kaiser');
    const paper = { authors: ['Ana Núñez'], categories: ['cs.LG', 'stat.ML'], comment: 'Accepted to ACL 2026 Findings; code at x' };
    const list = [makeFollow('author', 'ana nunez'), makeFollow('category', 'STAT.ML'), makeFollow('venue', 'ACL'), makeFollow('author', 'Ana Nunes')];
    expect(matchingFollows(paper, list).map((f) => f.label)).toEqual(['ana nunez', 'STAT.ML', 'ACL']);
    expect(commentNamesVenue('ICML2026; 9 pages', 'icml')).toBe(true);
    expect(commentNamesVenue('Accepted at NAACL 2026', 'acl')).toBe(false);
    expect(commentNamesVenue('Submitted to ACL 2026', 'acl')).toBe(false);
    expect(commentNamesVenue(null, 'acl')).toBe(false);
  });

  it('follow, list and unfollow per channel, confirmed in the channel; a second follow changes nothing', async () => {
    const a = await handleCommand(app, ctx('C-list'), 'follow author "Tri Dao"');
    expect(a.text).toMatch(/^This channel now follows author Tri Dao\. Their new papers will always be in this channel's digest\./);
    expect(a.visibility).toBe('channel');
    expect((await handleCommand(app, ctx('C-list'), 'follow author tri dao')).text).toMatch(/^This channel already follows author tri dao\./);
    await handleCommand(app, ctx('C-list'), 'follow category cs.CL');
    expect((await handleCommand(app, ctx('C-list'), 'follows')).text).toBe('This channel follows: author Tri Dao, category cs.CL.');
    expect((await handleCommand(app, ctx('C-other'), 'follows')).text).toMatch(/follows no authors/);
    const u = await handleCommand(app, ctx('C-list'), 'unfollow author TRI DAO');
    expect(u.text).toMatch(/^This channel no longer follows author Tri Dao\./);
    expect((await handleCommand(app, ctx('C-list'), 'unfollow author Tri Dao')).text).toMatch(/^This channel does not follow author Tri Dao\./);
    expect((await handleCommand(app, ctx('C-list'), 'follows')).text).toBe('This channel follows: category cs.CL.');
  });

  it("a followed author's new paper is always in the next digest, first, with why: you follow <name>, even off-topic", async () => {
    await handleCommand(app, ctx('C-author'), 'subscribe lora');
    await handleCommand(app, ctx('C-author'), 'follow author "Tri Dao"');
    await handleCommand(app, ctx('C-author'), 'settings size 1');
    const d = await digestOf('C-author', '2026-06-10');
    expect(d.items.map((i) => i.paperId)).toEqual(['2606.10001']);
    expect(d.items[0].reasons[0]).toBe('you follow Tri Dao');
    expect(d.header.text).toBe('Your digest for 2026-06-10: 1 paper on lora, Tri Dao');
    // Shown once: not again the next day.
    const next = await digestOf('C-author', '2026-06-11');
    expect(next.items.map((i) => i.paperId)).not.toContain('2606.10001');
  });

  it('a channel following only a category and a venue gets their papers, with the follow as its why', async () => {
    await handleCommand(app, ctx('C-cat'), 'follow category cs.CL');
    await handleCommand(app, ctx('C-cat'), 'follow venue ACL');
    const d = await digestOf('C-cat', '2026-06-10');
    const why = new Map(d.items.map((i) => [i.paperId, i.reasons]));
    expect([...why.keys()].sort()).toEqual(['2606.10001', '2606.10003', '2606.10004']);
    expect(why.get('2606.10001')).toContain('you follow ACL');
    expect(why.get('2606.10003')).toContain('you follow cs.CL');
    expect(d.header.text).toBe('Your digest for 2026-06-10: 3 papers on cs.CL, ACL');
  });
});
