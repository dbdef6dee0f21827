// A start after downtime fetches what was missed, through the job runtime (in-process and BullMQ),
// and a restart once it is complete fetches nothing. Loopback source fake, injected clock.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { countPapers } from '../../src/papers/store.js';
import { readSourceDay, recordSourceDay } from '../../src/sources/source-days.js';
import { startInProcessJobs } from '../../jobs/in-process.js';
import { createRedis } from '../../jobs/connection.js';
import { createQueues } from '../../jobs/queues.js';
import { enqueueIngestsAtStart } from '../../jobs/runtime.js';
import { apiPage, fixture, papersRange } from '../fakes/source-fixtures.js';
import { startSourceServer, type SourceServer } from '../fakes/source-server.js';
import { dropPrefix, REDIS_URL, until } from './helpers.js';

const API_PATH = '/api/query';
const FEED_PATH = '/atom/cs.CL+cs.LG+cs.AI+cs.CV';
// Tuesday 4 March 2025, 07:00 Eastern: listing 2025-03-04 is out. Last complete: Friday 28 February,
// so Monday's and Tuesday's listings were missed (the weekend has none).
const TUESDAY = new Date('2025-03-04T12:00:00Z');

let server: SourceServer;
let app: App;
const lines: string[] = [];

beforeAll(async () => {
  server = await startSourceServer();
  const config = loadConfig({ DATABASE_URL: 'memory://', ARXIV_API_URL: `${server.url}${API_PATH}`, ARXIV_FEED_URL: `${server.url}/atom`, HF_API_URL: server.url });
  app = await createApp(config, { seed: false, syncIntervalMs: 0, log: pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }) });
  // Monday's listing from the query API (two papers), Tuesday's from the announcement feed (five).
  server.on(API_PATH, { body: apiPage(papersRange(300, 2), 2, 0, 2), headers: { 'content-type': 'application/atom+xml' } });
  server.on(FEED_PATH, { body: fixture('arxiv-feed.atom.xml'), headers: { 'content-type': 'application/atom+xml' } });
  await recordSourceDay(app.db, { source: 'arxiv', day: '2025-02-28', complete: true, announced: true, paperCount: 0 });
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

const startLines = () => lines.filter((l) => l.includes('ingesting at start')).map((l) => JSON.parse(l).msg as string);

describe('ingest at start (injected clock)', () => {
  it('BullMQ: a worker start enqueues one ingest job per source behind, once however many workers start', async () => {
    const redis = createRedis(REDIS_URL, 'worker');
    const queues = createQueues(redis, `pbt-startingest-${randomBytes(3).toString('hex')}`);
    try {
      expect(await enqueueIngestsAtStart(app, queues, TUESDAY)).toBe(1);
      expect(await enqueueIngestsAtStart(app, queues, TUESDAY)).toBe(1); // a second worker, same moment
      const jobs = await queues.ingest.getJobs(['waiting', 'delayed', 'prioritized']);
      expect(jobs.map((j) => [j.id, j.data])).toEqual([['start-arxiv-2025-03-04', { source: 'arxiv' }]]);
    } finally {
      await queues.close();
      await dropPrefix(redis, queues.prefix);
      await redis.quit();
    }
    lines.length = 0;
  });

  it('in-process: a start after two missed listing days stores both once; a restart fetches nothing', async () => {
    const runner = startInProcessJobs(app, { posters: new Map(), now: () => TUESDAY, autostart: false });
    expect(await runner.tick()).toMatchObject({ ingests: 1 });
    await until(async () => (await readSourceDay(app.db, 'arxiv', '2025-03-04'))?.complete);
    await runner.stop();
    expect(startLines()).toEqual(['arxiv is behind (last complete day 2025-02-28, latest 2025-03-04): ingesting at start']);
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-03')).toMatchObject({ complete: true, paperCount: 2 });
    expect(await readSourceDay(app.db, 'arxiv', '2025-03-04')).toMatchObject({ complete: true, paperCount: 5 });
    expect(await countPapers(app.db)).toBe(2 + 5);
    expect(server.requestsTo(API_PATH)).toHaveLength(1);
    expect(server.requestsTo(FEED_PATH)).toHaveLength(1);

    server.requests.length = 0;
    const restarted = startInProcessJobs(app, { posters: new Map(), now: () => new Date(TUESDAY.getTime() + 600_000), autostart: false });
    expect(await restarted.tick()).toMatchObject({ ingests: 0 });
    await restarted.stop();
    expect(server.requests).toEqual([]);
    expect(startLines()).toHaveLength(1);
  });
});
