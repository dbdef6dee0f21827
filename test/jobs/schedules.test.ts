import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelTopics, unsubscribe } from '../../src/channels/channels.js';
import { handleCommand } from '../../src/commands/handle.js';
import { nextRun } from '../../src/digest/schedule.js';
import { startSchedulingForBot } from '../../jobs/runtime.js';
import { digestSchedulerId, INGEST_SCHEDULES, reconcileChannelSchedule, reconcileSchedules } from '../../jobs/schedules.js';
import { jobsTestEnv, makeChannels, REDIS_URL, until, type JobsTestEnv } from './helpers.js';

let env: JobsTestEnv;
beforeAll(async () => {
  env = await jobsTestEnv('schedules', { seed: false });
});
afterAll(async () => {
  await env?.close();
});

describe('digest schedulers reconciled from the database', () => {
  it('creates one Job Scheduler per subscribed channel with its pattern and zone, plus the ingest schedules', async () => {
    const [a, b] = await makeChannels(env.app, 2, { topics: ['lora'] });
    await handleCommand(env.app, { platform: 'fake', workspaceId: 'W1', channelId: b.channelId, userId: 'U1' }, 'settings time 07:30 tz Asia/Tokyo days daily');
    // A channel with settings but no topic gets no digest.
    await handleCommand(env.app, { platform: 'fake', workspaceId: 'W1', channelId: 'C-none', userId: 'U1' }, 'settings time 10:00');

    const report = await reconcileSchedules(env.app, env.queues);
    expect(report).toMatchObject({ added: 2, removed: 0 });
    const sa = await env.queues.digest.getJobScheduler(digestSchedulerId(a.id));
    const sb = await env.queues.digest.getJobScheduler(digestSchedulerId(b.id));
    expect(sa).toMatchObject({ pattern: '0 9 * * 1-5', tz: 'UTC' });
    expect(sb).toMatchObject({ pattern: '30 7 * * *', tz: 'Asia/Tokyo' });
    expect(sb!.next).toBe(nextRun({ pattern: '30 7 * * *', tz: 'Asia/Tokyo' }, new Date()).getTime());
    expect(await env.queues.digest.getJobSchedulersCount()).toBe(2);
    const ingest = (await env.queues.ingest.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(ingest).toEqual(INGEST_SCHEDULES.map((s) => s.id).sort());

    // Idempotent: a second worker starting changes nothing.
    expect(await reconcileSchedules(env.app, env.queues)).toMatchObject({ added: 0, moved: 0, removed: 0, unchanged: 2 });
  });

  it('moves a scheduler when a chat command changes the channel settings, and removes it when the last topic goes', async () => {
    const stop = await startSchedulingForBot(env.app, REDIS_URL, env.prefix);
    try {
      const [c] = await makeChannels(env.app, 1, { workspace: 'W2', topics: ['diffusion', 'rlhf'] });
      await reconcileChannelSchedule(env.app, env.queues, c.id);
      const id = digestSchedulerId(c.id);
      expect(await env.queues.digest.getJobScheduler(id)).toMatchObject({ pattern: '0 9 * * 1-5', tz: 'UTC' });

      const ctx = { platform: 'fake', workspaceId: 'W2', channelId: c.channelId, userId: 'U1' };
      await handleCommand(env.app, ctx, 'settings time 18:45 tz America/New_York days weekly');
      const moved = await until(async () => {
        const s = await env.queues.digest.getJobScheduler(id);
        return s?.pattern === '45 18 * * 1' ? s : null;
      });
      expect(moved.tz).toBe('America/New_York');
      expect(moved.next).toBe(nextRun({ pattern: '45 18 * * 1', tz: 'America/New_York' }, new Date()).getTime());
      // The delayed job for the old time is gone: exactly one pending run, at the new time.
      const delayed = (await env.queues.digest.getDelayed()).filter((j) => j.repeatJobKey === id);
      expect(delayed.map((j) => j.opts.prevMillis)).toEqual([moved.next]);

      await handleCommand(env.app, ctx, 'unsubscribe diffusion');
      await handleCommand(env.app, ctx, 'unsubscribe rlhf');
      expect(await channelTopics(env.app.db, c.id)).toEqual([]);
      await until(async () => !(await env.queues.digest.getJobScheduler(id)));
      expect((await env.queues.digest.getDelayed()).filter((j) => j.repeatJobKey === id)).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('removes schedulers of channels that lost every topic while no one was listening', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W3', topics: ['vision'] });
    await reconcileSchedules(env.app, env.queues);
    expect(await env.queues.digest.getJobScheduler(digestSchedulerId(c.id))).toBeDefined();
    await unsubscribe(env.app.db, c.id, 'vision');
    const report = await reconcileSchedules(env.app, env.queues);
    expect(report.removed).toBe(1);
    expect(await env.queues.digest.getJobScheduler(digestSchedulerId(c.id))).toBeUndefined();
  });

  it('a 09:00 Europe/Berlin scheduler fires at 09:00 Berlin time on both sides of each DST change', async () => {
    const cases: Array<[string, string]> = [
      ['2031-03-28T12:00:00Z', '2031-03-29T08:00:00.000Z'], // Saturday before the change: CET
      ['2031-03-29T12:00:00Z', '2031-03-30T07:00:00.000Z'], // the change day itself: CEST
      ['2031-10-25T12:00:00Z', '2031-10-26T08:00:00.000Z'], // October change day: CET again
      ['2031-10-24T12:00:00Z', '2031-10-25T07:00:00.000Z'], // the day before: still CEST
    ];
    for (const [i, [start, expected]] of cases.entries()) {
      const id = `dst-test-${i}`;
      await env.queues.digest.upsertJobScheduler(id, { pattern: '0 9 * * *', tz: 'Europe/Berlin', startDate: start }, { name: 'digest', data: { channelId: -1 } });
      const s = await env.queues.digest.getJobScheduler(id);
      expect(new Date(s!.next!).toISOString()).toBe(expected);
      expect(new Date(s!.next!).toISOString()).toBe(nextRun({ pattern: '0 9 * * *', tz: 'Europe/Berlin' }, new Date(start)).toISOString());
      await env.queues.digest.removeJobScheduler(id);
    }
  });
});
