/**
 * `npm run bench:digest-compose [-- --papers N --channels N]`: time to compose the digests of 1,000
 * channels over a 100,000-paper library (bench/synthetic-library.ts), on PGlite in memory.
 *
 * The library is dated like arXiv's (3,000 papers a day over the last ~33 days, stored half an
 * hour after their announcement); every channel had its last digest 24 h ago, follows 1-3 topics
 * drawn from a fixed list, and a third of the 100 workspaces have 3-40 saved papers (so the taste
 * model and its similarity fallback both run). Each channel is composed one after another, as a
 * worker would, and timed:
 *
 *   baseline  the minimal picker this replaced (search each topic, top N, shown papers filtered)
 *   pick      the real picker, nothing stored (what `/papers digest preview` costs)
 *   compose   pick + the digest row and its items written (what the digest job costs)
 *
 * The baseline and the picker read the same database and index in the same process, so the ratio
 * says what the scoring costs on this machine today.
 */
import { parseArgs } from 'node:util';
import { and, eq, gte } from 'drizzle-orm';
import { createApp, type App } from '../src/app.js';
import type { Channel } from '../src/channels/channels.js';
import { loadConfig } from '../src/config.js';
import { bookmarks, channels, digestItems, digests, papers, postedMessages, subscriptions, workspaces } from '../src/db/schema.js';
import { composeDigest } from '../src/digest/compose.js';
import { pickPapers } from '../src/digest/pick.js';
import { getPapers } from '../src/papers/store.js';
import { syntheticPaper } from './synthetic-library.js';
import { seededRandom } from './seeded-random.js';

const { values } = parseArgs({ options: { papers: { type: 'string', default: '100000' }, channels: { type: 'string', default: '1000' } } });
const N_PAPERS = Number(values.papers);
const N_CHANNELS = Number(values.channels);
const N_WORKSPACES = Math.max(1, Math.round(N_CHANNELS / 10));
const PER_DAY = 3_000;
const DAY = 86_400_000;
const TOPICS = [
  'lora', 'speculative decoding', 'quantization', 'mixture of experts', 'diffusion', 'kv cache', 'retrieval', 'reasoning',
  'agents', 'vision language', 'distillation', 'instruction tuning', 'continual learning', 'federated learning', 'multilingual',
  'code generation', 'sparsity', 'long context', 'benchmark', 'pruning',
];

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** The picker this issue replaced, verbatim in behaviour: the baseline. */
async function minimalPick(app: App, channel: Channel, topics: string[], limit: number): Promise<string[]> {
  const since = channel.repostAfterDays === null ? null : new Date(Date.now() - channel.repostAfterDays * DAY);
  const posted = await app.db
    .select({ id: postedMessages.paperId })
    .from(postedMessages)
    .where(and(eq(postedMessages.platform, channel.platform), eq(postedMessages.channelId, channel.channelId), since ? gte(postedMessages.postedAt, since) : undefined));
  const listed = await app.db
    .select({ id: digestItems.paperId })
    .from(digestItems)
    .innerJoin(digests, eq(digests.id, digestItems.digestId))
    .where(and(eq(digests.channelId, channel.id), since ? gte(digests.createdAt, since) : undefined));
  const shown = new Set([...posted, ...listed].map((r) => r.id));
  const byId = new Map<string, number>();
  for (const topic of topics) {
    const { hits } = app.search.search(topic, { limit: limit * 3, filter: (id) => !shown.has(id) });
    const top = hits[0]?.score || 1;
    for (const h of hits) byId.set(h.id, (byId.get(h.id) ?? 0) + h.score / top);
  }
  const ranked = [...byId.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const live = new Set((await getPapers(app.db, ranked.slice(0, limit * 2))).filter((p) => !p.withdrawn).map((p) => p.id));
  return ranked.filter((id) => live.has(id)).slice(0, limit);
}

async function main() {
  const t0 = process.hrtime.bigint();
  const app = await createApp(loadConfig({ DATABASE_URL: 'memory://' }), { seed: false, syncIntervalMs: 0 });
  const now = Date.now();
  const days = Math.ceil(N_PAPERS / PER_DAY);
  // Papers: batch inserts (the text as generated; TL;DRs are not what this bench measures) and the index.
  for (let start = 0; start < N_PAPERS; start += 1_000) {
    const batch = [];
    for (let i = start; i < Math.min(N_PAPERS, start + 1_000); i++) {
      const p = syntheticPaper(i);
      const announced = new Date(now - (days - Math.floor(i / PER_DAY)) * DAY + 3_600_000);
      batch.push({ id: p.id, title: p.title, abstract: p.abstract, authors: p.authors, announcedAt: announced, createdAt: new Date(announced.getTime() + 1_800_000), sources: ['arxiv'], version: 1 });
    }
    await app.db.insert(papers).values(batch);
    app.search.add(batch.map((b) => ({ id: b.id, title: b.title, abstract: b.abstract, authors: b.authors })));
  }
  const loadedMs = ms(t0);

  // Workspaces, channels (last digest a day ago), topics, bookmarks.
  const r = seededRandom(7);
  await app.db.insert(workspaces).values(Array.from({ length: N_WORKSPACES }, (_, w) => ({ platform: 'slack', id: `T${w}` })));
  const rows = await app.db
    .insert(channels)
    .values(Array.from({ length: N_CHANNELS }, (_, i) => ({ platform: 'slack', workspaceId: `T${i % N_WORKSPACES}`, channelId: `C${i}`, lastDigestAt: new Date(now - DAY) })))
    .returning();
  const topicsOf = new Map<number, string[]>();
  const subs = rows.flatMap((c) => {
    const n = 1 + Math.floor(r() * 3);
    const picked = [...new Set(Array.from({ length: n }, () => TOPICS[Math.floor(r() * TOPICS.length)]))];
    topicsOf.set(c.id, picked);
    return picked.map((topic) => ({ channelId: c.id, topic }));
  });
  await app.db.insert(subscriptions).values(subs);
  const saves = [];
  for (let w = 0; w < N_WORKSPACES; w += 3) {
    const topic = TOPICS[Math.floor(r() * TOPICS.length)];
    const n = 3 + Math.floor(r() * 38);
    for (const h of app.search.search(topic, { limit: n }).hits) saves.push({ platform: 'slack', workspaceId: `T${w}`, userId: 'U1', paperId: h.id });
  }
  if (saves.length) await app.db.insert(bookmarks).values(saves).onConflictDoNothing();
  const setupMs = ms(t0) - loadedMs;

  const date = new Date(now).toISOString().slice(0, 10);
  const time = async (label: string, f: (c: Channel, topics: string[]) => Promise<number>) => {
    const per: number[] = [];
    let picked = 0;
    // Warm-up: the first queries compile PGlite's plans and JIT the scoring.
    for (const c of rows.slice(0, 20)) await f(c, topicsOf.get(c.id)!);
    const start = process.hrtime.bigint();
    for (const c of rows) {
      const t = process.hrtime.bigint();
      picked += await f(c, topicsOf.get(c.id)!);
      per.push(ms(t));
    }
    return { label, totalMs: ms(start), p50: pct(per, 50), p95: pct(per, 95), max: Math.max(...per), picked };
  };

  const baseline = await time('baseline (search top-N)', async (c, t) => (await minimalPick(app, c, t, c.digestSize)).length);
  const pick = await time('pick (scored + MMR)', async (c, t) => (await pickPapers(app, c, t, c.digestSize)).length);
  const compose = await time('compose (pick + store)', async (c, t) => (await composeDigest(app, c.id, date, { channel: c, topics: t })).items.length);

  const rss = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(
    [
      `bench:digest-compose: ${N_CHANNELS} channels (${subs.length} topic subscriptions, ${N_WORKSPACES} workspaces, ${saves.length} bookmarks) over ${N_PAPERS} papers (${days} days x ${PER_DAY}), PGlite in memory`,
      `library loaded in ${(loadedMs / 1000).toFixed(1)} s, channels set up in ${(setupMs / 1000).toFixed(1)} s; RSS ${rss.toFixed(0)} MB`,
      '',
      '| run | total | per channel p50 | p95 | max | papers picked |',
      '|---|---|---|---|---|---|',
      ...[baseline, pick, compose].map((x) => `| ${x.label} | ${(x.totalMs / 1000).toFixed(2)} s | ${x.p50.toFixed(1)} ms | ${x.p95.toFixed(1)} ms | ${x.max.toFixed(1)} ms | ${x.picked} |`),
      '',
      `ratio pick / baseline: ${(pick.totalMs / baseline.totalMs).toFixed(2)}x total, ${(pick.p50 / baseline.p50).toFixed(2)}x p50`,
      `ratio compose / baseline: ${(compose.totalMs / baseline.totalMs).toFixed(2)}x total`,
      '',
    ].join('\n'),
  );
  await app.close();
}

await main();
