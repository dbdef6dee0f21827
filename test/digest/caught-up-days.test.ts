// Papers ingest caught up after downtime (announced days before the last digest, stored after it)
// reach the next digest once; a backfill older than the catch-up reach (14 days) is not news.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { composeDigest } from '../../src/digest/compose.js';
import { normalizePaper } from '../../src/papers/normalize.js';
import { sampleApp } from '../helpers/app.js';
import { makeChannel } from './helpers.js';

const DAY_MS = 86_400_000;
const quokkaPaper = (id: string, title: string, daysAgo: number) =>
  normalizePaper({ id, title, abstract: `${title}: we count quokkas on Rottnest Island with drones.`, announced: new Date(Date.now() - daysAgo * DAY_MS).toISOString(), source: 'arxiv' }, 'arxiv');

let app: App;
beforeAll(async () => {
  app = await sampleApp({}, false);
});
afterAll(async () => app?.close());

describe('caught-up days in the digest', () => {
  it('a paper announced 6 days before the last digest and stored after it is in the next digest, once; one announced 20 days before is not', async () => {
    const c = await makeChannel(app, 'W-catch', ['quokka']);
    await app.addPapers([quokkaPaper('2512.00001', 'Quokka census today', 0.05)]);
    const first = await composeDigest(app, c.id, '2026-12-01');
    expect(first.items.map((i) => i.paperId)).toEqual(['2512.00001']);

    // The bot was down; the catch-up now stores an older missed day, and the backfill of a far older one.
    await app.addPapers([quokkaPaper('2512.00002', 'Quokka census six days ago', 6), quokkaPaper('2512.00003', 'Quokka census twenty days ago', 20)]);
    const next = await composeDigest(app, c.id, '2026-12-02');
    expect(next.items.map((i) => i.paperId)).toEqual(['2512.00002']);

    const after = await composeDigest(app, c.id, '2026-12-03');
    expect(after.items).toEqual([]);
  });
});
