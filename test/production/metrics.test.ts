// The metrics each process keeps, recorded at the thin points: handleCommand, the Poster, ingest
// reports, the jobs runners; each App on a registry of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { handleCommand } from '../../src/commands/handle.js';
import { PermanentPostError, RateLimitedError, TransientPostError, type Poster } from '../../src/delivery/poster.js';
import { countDeliveries } from '../../src/observability/count-deliveries.js';
import { createMetrics, recordIngest, type Metrics } from '../../src/observability/metrics.js';
import { startInProcessJobs } from '../../jobs/in-process.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';
import { createHttpPoster, fakeChannel } from '../fakes/http-poster.js';
import { CTX, sampleApp } from '../helpers/app.js';
import { makeChannels } from '../jobs/helpers.js';
import { metricSum } from './processes.js';

const text = (m: Metrics) => m.registry.metrics();

let app: App;
beforeAll(async () => {
  app = await sampleApp();
});
afterAll(async () => {
  await app?.close();
});

describe('metrics registry', () => {
  it('is one per App: counts in one never show in another, nor in prom-client\'s global registry', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.jobs.inc({ queue: 'digest', outcome: 'completed' });
    expect(metricSum(await text(a), 'paperbot_jobs_total', { queue: 'digest' })).toBe(1);
    expect(metricSum(await text(b), 'paperbot_jobs_total', { queue: 'digest' })).toBe(0);
    const { register } = await import('prom-client');
    expect(await register.metrics()).not.toContain('paperbot_jobs_total');
  });

  it('reads the search index size when scraped', async () => {
    expect(metricSum(await text(app.metrics), 'paperbot_search_index_papers')).toBe(119);
    let n = 5;
    const m = createMetrics({ indexSize: () => n });
    expect(metricSum(await text(m), 'paperbot_search_index_papers')).toBe(5);
    n = 7;
    expect(metricSum(await text(m), 'paperbot_search_index_papers')).toBe(7);
  });
});

describe('command latency', () => {
  it('times every /papers command by platform and kind, including ones that fail', async () => {
    const before = await text(app.metrics);
    await handleCommand(app, CTX, 'lora');
    await handleCommand(app, CTX, 'lora adapters');
    await handleCommand(app, { ...CTX, platform: 'slack' }, 'help');
    await handleCommand(app, CTX, 'settings time 25:00'); // invalid: answered, still timed
    const after = await text(app.metrics);
    const count = (t: string, labels: Record<string, string>) => metricSum(t, 'paperbot_command_duration_seconds_count', labels);
    expect(count(after, { platform: 'test', command: 'search' }) - count(before, { platform: 'test', command: 'search' })).toBe(2);
    expect(count(after, { platform: 'slack', command: 'help' }) - count(before, { platform: 'slack', command: 'help' })).toBe(1);
    expect(count(after, { platform: 'test', command: 'invalid' }) - count(before, { platform: 'test', command: 'invalid' })).toBe(1);
    expect(metricSum(after, 'paperbot_command_duration_seconds_sum', { platform: 'test', command: 'search' })).toBeGreaterThan(0);
    // Histogram buckets are cumulative: the +Inf bucket holds every observation.
    expect(metricSum(after, 'paperbot_command_duration_seconds_bucket', { platform: 'test', command: 'search', le: '+Inf' })).toBe(count(after, { platform: 'test', command: 'search' }));
  });
});

describe('deliveries', () => {
  const to = { platform: 'p', workspaceId: 'W', channelId: 'C' };
  const reply = { text: 'x', cards: [], actions: [], visibility: 'channel' as const };

  it('counts each post by what the platform answered, and passes errors through unchanged', async () => {
    const m = createMetrics();
    const answers: Array<() => Promise<{ messageId: string }>> = [
      async () => ({ messageId: '1' }),
      async () => ({ messageId: '2' }),
      async () => Promise.reject(new RateLimitedError(1000)),
      async () => Promise.reject(new TransientPostError('503')),
      async () => Promise.reject(new PermanentPostError('channel_not_found')),
      async () => Promise.reject(new Error('socket hang up')),
    ];
    const inner: Poster = { platform: 'p', post: () => answers.shift()!() };
    const poster = countDeliveries(inner, m);
    expect(poster.findPosted).toBeUndefined(); // delivery decides on its presence: never invented
    await poster.post({ to, reply });
    await poster.post({ to, reply });
    await expect(poster.post({ to, reply })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(poster.post({ to, reply })).rejects.toBeInstanceOf(TransientPostError);
    await expect(poster.post({ to, reply })).rejects.toBeInstanceOf(PermanentPostError);
    await expect(poster.post({ to, reply })).rejects.toThrow('socket hang up');
    const t = await text(m);
    const n = (outcome: string) => metricSum(t, 'paperbot_deliveries_total', { platform: 'p', outcome });
    expect([n('posted'), n('rate_limited'), n('transient'), n('permanent'), n('unknown')]).toEqual([2, 1, 1, 1, 1]);
  });

  it('keeps findPosted when the Poster has one', async () => {
    const inner: Poster = { platform: 'p', post: async () => ({ messageId: '1' }), findPosted: async () => ({ messageId: 'found' }) };
    const poster = countDeliveries(inner, createMetrics());
    expect(await poster.findPosted!(to, 'k')).toEqual({ messageId: 'found' });
  });
});

describe('ingest', () => {
  it('adds each source report\'s new, updated and skipped papers', async () => {
    const m = createMetrics();
    recordIngest(m, 'arxiv', { stored: { new: 5, updated: 2 }, skipped: [{}, {}] });
    recordIngest(m, 'arxiv', { stored: { new: 1, updated: 0 }, skipped: [] });
    recordIngest(m, 'hf', { stored: { new: 0, updated: 3 }, skipped: [{}] });
    const t = await text(m);
    const n = (source: string, outcome: string) => metricSum(t, 'paperbot_ingest_papers_total', { source, outcome });
    expect([n('arxiv', 'new'), n('arxiv', 'updated'), n('arxiv', 'skipped'), n('hf', 'new'), n('hf', 'updated'), n('hf', 'skipped')]).toEqual([6, 2, 2, 0, 3, 1]);
  });
});

describe('in-process jobs (no Redis)', () => {
  let fake: FakePlatform;
  beforeAll(async () => {
    fake = await startFakePlatform({ minIntervalMs: 0 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('count digests and messages as the BullMQ workers do, and every post by outcome', async () => {
    const [channel] = await makeChannels(app, 1, { workspace: 'W-metrics', topics: ['lora'], settings: { time: '09:00', timezone: 'UTC', days: 'daily', size: 2 } });
    const poster = countDeliveries(createHttpPoster(fake.url), app.metrics);
    fake.failNext({ status: 500, channel: fakeChannel({ workspaceId: 'W-metrics', channelId: channel.channelId }) });
    const runner = startInProcessJobs(app, { posters: new Map([[poster.platform, poster]]), now: () => new Date('2026-06-01T09:00:30Z'), autostart: false, paceMs: 0, retry: { attempts: 5, backoffMs: 10 }, ingestSchedules: [] });
    const before = await text(app.metrics);
    expect(await runner.tick()).toMatchObject({ digests: 1, posted: 3, failed: 0 });
    await runner.stop();
    const after = await text(app.metrics);
    const delta = (name: string, labels: Record<string, string>) => metricSum(after, name, labels) - metricSum(before, name, labels);
    expect(delta('paperbot_jobs_total', { queue: 'digest', outcome: 'completed' })).toBe(1);
    expect(delta('paperbot_jobs_total', { queue: 'deliver', outcome: 'completed' })).toBe(3);
    expect(delta('paperbot_jobs_total', { queue: 'deliver', outcome: 'failed' })).toBe(0);
    expect(delta('paperbot_deliveries_total', { platform: 'fake', outcome: 'posted' })).toBe(3);
    expect(delta('paperbot_deliveries_total', { platform: 'fake', outcome: 'transient' })).toBe(1);
    expect(fake.messages).toHaveLength(3);
  });
});
