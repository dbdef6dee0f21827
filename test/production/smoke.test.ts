// The production topology of docker-compose.yml, run natively (no container engine here): one bot
// and two workers as separate `paperbot` processes on the local PostgreSQL and Redis, Slack faked on
// loopback. A channel subscribes through a signed slash command; its digest is scheduled a few
// seconds ahead; exactly one digest must arrive although two workers race for it, every process
// must be ready, and the workers' /metrics must count what was posted.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../jobs/connection.js';
import { channels, digests } from '../../src/db/schema.js';
import { startFakeSlack, type FakeCall, type FakeSlack } from '../fakes/slack-api.js';
import { freshDatabase } from '../helpers/db.js';
import { commandBody, postSigned } from '../helpers/slack-sign.js';
import { dropPrefix, REDIS_URL } from '../jobs/helpers.js';
import { metricSum, startPaperbot, type PaperbotProcess } from './processes.js';

const SECRET = 'smoke-signing-secret';
const TOKEN = 'xoxb-test-token'; // the fake's default workspace T1
const WHO = { teamId: 'T1', userId: 'U-smoke', channelId: 'C-smoke' };
const SIZE = 3;

let db: Awaited<ReturnType<typeof freshDatabase>>;
let fake: FakeSlack;
let prefix: string;
const procs: PaperbotProcess[] = [];

const portOf = (l: { [k: string]: unknown }) => Number(l.port);
const get = async (port: number, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
};

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    // No network here: a scheduled fetch (at :15 every hour) must fail fast, not hang.
    ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
    ARXIV_FEED_URL: 'http://127.0.0.1:9/atom',
    HF_API_URL: 'http://127.0.0.1:9',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** Digest messages: posts that carry the delivery's idempotency key as Slack message metadata. */
function digestPosts(): Array<{ call: FakeCall; key: string }> {
  const out: Array<{ call: FakeCall; key: string }> = [];
  for (const call of fake.callsTo('chat.postMessage')) {
    if (call.body.channel !== WHO.channelId || call.status !== 200) continue;
    const meta = typeof call.body.metadata === 'string' ? JSON.parse(call.body.metadata) : call.body.metadata;
    const key = meta?.event_payload?.key;
    if (typeof key === 'string') out.push({ call, key });
  }
  return out;
}

async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  prefix = `pbt-smoke-${randomBytes(3).toString('hex')}`;
  [db, fake] = await Promise.all([freshDatabase('postgres'), startFakeSlack()]);
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop(10_000)));
  await fake?.close();
  const redis = createRedis(REDIS_URL, 'client');
  await dropPrefix(redis, prefix).finally(() => redis.quit());
  await db?.close();
}, 30_000);

describe('production topology: one bot, two workers, PostgreSQL, Redis, Slack', () => {
  it('delivers exactly one scheduled digest, reports ready and counts it in /metrics', async () => {
    // The bot first: it migrates the fresh database and imports the sample library.
    const bot = startPaperbot('bot', ['start'], env());
    procs.push(bot);
    const botPort = portOf(await bot.waitForLog((l) => l.msg === 'slack adapter started', 'the Slack adapter', 40_000));
    const workers = [startPaperbot('worker-1', ['worker'], env()), startPaperbot('worker-2', ['worker'], env())];
    procs.push(...workers);
    const workerPorts = await Promise.all(workers.map(async (w) => portOf(await w.waitForLog((l) => l.msg === 'http endpoints listening', 'its http endpoints', 40_000))));
    await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === 'workers running', 'its workers')));

    // Subscribe the channel through the bot, as Slack would send it.
    const events = `http://127.0.0.1:${botPort}/slack/events`;
    expect((await postSigned(events, SECRET, commandBody(WHO, 'subscribe lora', fake.responseUrl('sub')), 'form')).status).toBe(200);
    const channel = await until('the subscribed channel', async () => (await db.db.select().from(channels).where(eq(channels.channelId, WHO.channelId)))[0], 10_000);

    // A digest a few seconds ahead. Chat settings take HH:MM; the scheduler honours a stored
    // HH:MM:SS, so the time goes into the row and a signed settings command makes the bot move the
    // channel's BullMQ scheduler. Its `next` run must be that second (on a very loaded machine the
    // move can land too late; then once more, further ahead).
    const redis = createRedis(REDIS_URL, 'worker');
    const digestQueue = new Queue('digest', { connection: redis, prefix });
    let scheduled = false;
    let settingsSent = 0;
    try {
      for (let attempt = 1; attempt <= 2 && !scheduled; attempt++) {
        const at = new Date(Math.ceil((Date.now() + 6_000 * attempt) / 1000) * 1000);
        const time = at.toISOString().slice(11, 19);
        await db.db.update(channels).set({ digestTime: time }).where(eq(channels.id, channel.id));
        const settings = `settings tz UTC days daily size ${SIZE}`;
        expect((await postSigned(events, SECRET, commandBody(WHO, settings, fake.responseUrl(`set${attempt}`)), 'form')).status).toBe(200);
        settingsSent++;
        const pattern = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
        const scheduler = await until('the bot to move the digest scheduler', async () => {
          const s = await digestQueue.getJobScheduler(`digest:${channel.id}`);
          return s?.pattern === pattern ? s : null;
        }, 10_000);
        scheduled = scheduler.next === at.getTime();
      }
    } finally {
      await digestQueue.close();
      await redis.quit();
    }
    expect(scheduled).toBe(true);

    // Header plus SIZE papers, posted by whichever worker took each message.
    const posts = await until('the digest to arrive', async () => (digestPosts().length >= SIZE + 1 ? digestPosts() : null), 30_000).catch((e) => {
      // What each process said, to see why.
      throw new Error(`${e.message}\n${procs.map((p) => `--- ${p.name}\n${p.output().slice(-4000)}`).join('\n')}\n--- slack calls: ${fake.calls.map((c) => c.method).join(', ')}`);
    });
    await new Promise((r) => setTimeout(r, 2_000)); // a duplicate would come now
    const final = digestPosts();
    const keys = final.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length); // no message twice
    expect(final).toHaveLength(SIZE + 1);
    expect(posts[0].call.body.text).toMatch(/^Your digest for \d{4}-\d{2}-\d{2}: 3 papers on lora/);
    expect(keys.filter((k) => k.endsWith('-h'))).toHaveLength(1); // one header
    const rows = await db.db.select().from(digests).where(eq(digests.channelId, channel.id));
    expect(rows).toHaveLength(1); // one digest for the channel and date
    expect(fake.problems).toEqual([]);

    // Every process is alive and ready, with both dependencies checked.
    for (const port of [botPort, ...workerPorts]) {
      expect((await get(port, '/healthz')).status).toBe(200);
      const ready = await get(port, '/readyz');
      expect(ready.status).toBe(200);
      const body = JSON.parse(ready.text);
      expect(body.checks.database.ok).toBe(true);
      expect(body.checks.redis.ok).toBe(true);
    }

    // The workers' metrics add up to what Slack received: every post, one digest job. (A job is
    // counted when BullMQ marks it completed, a moment after its message is posted.)
    const scrape = () => Promise.all(workerPorts.map(async (p) => (await get(p, '/metrics')).text));
    const settled = await until('every deliver job to be counted', async () => {
      const texts = await scrape();
      return texts.reduce((n, t) => n + metricSum(t, 'paperbot_jobs_total', { queue: 'deliver', outcome: 'completed' }), 0) >= SIZE + 1 ? texts : null;
    }, 5_000);
    const total = (name: string, labels: Record<string, string>) => settled.reduce((n, t) => n + metricSum(t, name, labels), 0);
    expect(total('paperbot_deliveries_total', { platform: 'slack', outcome: 'posted' })).toBe(SIZE + 1);
    expect(total('paperbot_jobs_total', { queue: 'digest', outcome: 'completed' })).toBe(1);
    expect(total('paperbot_jobs_total', { queue: 'deliver', outcome: 'completed' })).toBe(SIZE + 1);
    expect(total('paperbot_search_index_papers', {})).toBe(2 * 119);
    expect(settled[0]).toContain('process_resident_memory_bytes');
    // The bot timed the commands it answered.
    const botMetrics = (await get(botPort, '/metrics')).text;
    expect(metricSum(botMetrics, 'paperbot_command_duration_seconds_count', { platform: 'slack', command: 'subscribe' })).toBe(1);
    expect(metricSum(botMetrics, 'paperbot_command_duration_seconds_count', { platform: 'slack', command: 'settings' })).toBe(settingsSent);

    // Logs carry request and job ids and no secret.
    const all = procs.map((p) => p.output()).join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(SECRET);
    expect(all).toMatch(/"queue":"digest","jobId":"[^"]+"/);

    // And they stop cleanly on SIGTERM.
    const codes = await Promise.all(procs.map((p) => p.stop(10_000)));
    expect(codes).toEqual([0, 0, 0]);
  }, 90_000);
});
