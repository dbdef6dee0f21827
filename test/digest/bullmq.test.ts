// The BullMQ side (real Redis): `digest now` in a bot with REDIS_URL is fanned out to the deliver
// queue, follow-ups ride the deliver queue as 'followup' jobs, and a digest job waits for arXiv.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { findChannel } from '../../src/channels/channels.js';
import { handleCommand } from '../../src/commands/handle.js';
import { findDigest } from '../../src/digest/digest-store.js';
import { localDate } from '../../src/digest/schedule.js';
import { planFollowUps } from '../../src/library/follow-ups.js';
import { recordSourceDay } from '../../src/sources/source-days.js';
import { createRedis } from '../../jobs/connection.js';
import { createQueues, type Queues } from '../../jobs/queues.js';
import { startSchedulingForBot } from '../../jobs/runtime.js';
import { enqueueFollowUps, startWorkers, type RunningWorkers } from '../../jobs/workers.js';
import { sampleApp } from '../helpers/app.js';
import { dropPrefix, REDIS_URL, until } from '../jobs/helpers.js';
import { makeChannel, PLATFORM, recordingPoster } from './helpers.js';

let app: App;
let redis: ReturnType<typeof createRedis>;
let queues: Queues;
let workers: RunningWorkers;
let stopBot: () => Promise<void>;
const prefix = `pbt-digest-${randomBytes(3).toString('hex')}`;
const poster = recordingPoster();
const ctx = (workspaceId: string) => ({ platform: PLATFORM, workspaceId, channelId: `C-${workspaceId}`, userId: 'U1' });

beforeAll(async () => {
  app = await sampleApp({ REDIS_URL });
  redis = createRedis(REDIS_URL, 'worker');
  queues = createQueues(redis, prefix);
  workers = startWorkers({ app, queues, connection: redis, posters: new Map([[PLATFORM, poster]]) }, { paceMs: 50, deliverRetry: { attempts: 3, backoffMs: 100 } });
  stopBot = await startSchedulingForBot(app, REDIS_URL, prefix);
});
afterAll(async () => {
  await stopBot?.();
  await workers?.close();
  await queues?.close();
  if (redis) {
    await dropPrefix(redis, prefix);
    await redis.quit();
  }
  await app?.close();
});

describe('digests and follow-ups on BullMQ', () => {
  it('digest now: the bot enqueues the fan-out, the workers post it once; follow-ups post in its thread once', async () => {
    await handleCommand(app, ctx('W-bull'), 'subscribe lora');
    await handleCommand(app, ctx('W-bull'), 'settings size 2');
    expect((await handleCommand(app, ctx('W-bull'), 'digest now')).text).toBe("Posting today's digest (2 papers) here.");
    const msgs = await until(async () => (poster.in('C-W-bull').length === 3 ? poster.in('C-W-bull') : null));
    expect(msgs[1].threadId).toBe(msgs[0].id);
    expect((await handleCommand(app, ctx('W-bull'), 'digest now')).text).toMatch(/^Today's digest (was already posted|is being posted)/);

    const paperId = msgs[1].paperId!;
    const planned = await planFollowUps(app.db, [{ paperId, title: 'x', newVersion: null, codeUrl: 'https://github.com/example/code' }]);
    expect(planned).toHaveLength(1);
    expect(await enqueueFollowUps(queues, planned)).toBe(1);
    await until(async () => poster.in('C-W-bull').length === 4);
    await enqueueFollowUps(queues, planned); // the same job id: added nothing
    await new Promise((r) => setTimeout(r, 300));
    const all = poster.in('C-W-bull');
    expect(all).toHaveLength(4);
    expect(all[3]).toMatchObject({ text: 'Code is now available: https://github.com/example/code', threadId: msgs[0].id });
  });

  it('a digest job waits (delayed, no digest yet) while arXiv has not announced', async () => {
    await recordSourceDay(app.db, { source: 'arxiv', day: localDate(new Date(Date.now() - 3 * 86_400_000), 'UTC'), complete: true, announced: true, paperCount: 1 });
    const c = await makeChannel(app, 'W-wait', ['lora']);
    const job = await queues.digest.add('digest', { channelId: c.id });
    // Weekend and holiday listings need no wait; on every other day the job is moved to delayed.
    const state = await until(async () => {
      const s = await job.getState();
      return s === 'delayed' || s === 'completed' ? s : null;
    });
    const date = localDate(new Date(job.timestamp), 'UTC');
    const digest = await findDigest(app.db, c.id, date);
    if (state === 'delayed') expect(digest).toBeNull();
    else expect(digest!.header.text).toMatch(/No arXiv announcement today/);
    expect(await findChannel(app.db, ctx('W-wait'))).not.toBeNull();
  });

  it('a digest job due on a Monday whose listing never arrived goes out after the limit, saying so', async () => {
    await recordSourceDay(app.db, { source: 'arxiv', day: '2026-11-20', complete: true, announced: true, paperCount: 1 }); // arXiv is ingested here
    const c = await makeChannel(app, 'W-monday', ['lora'], { size: 1 });
    const monday = Date.parse('2026-11-23T08:00:00Z'); // a scheduler's run due then (prevMillis), picked up late
    const job = await queues.digest.add('digest', { channelId: c.id }, { prevMillis: monday });
    await until(async () => (await job.getState()) === 'completed');
    const digest = await findDigest(app.db, c.id, '2026-11-23');
    expect(digest!.header.text).toBe("Your digest for 2026-11-23: 1 paper on lora\narXiv has not announced today's papers yet.");
    await until(async () => poster.in('C-W-monday').length === 2);
  });
});
