// npm run replay:digest: replays ../shared/data/arxiv-days-2026-06.jsonl (real arXiv days) day by
// day into a memory PGlite, composes each channel's digest after each day's announcement, and
// gives feedback on days 1-3 the way a team would: 👎 "less like this" on picks from a sub-topic
// it does not want, a bookmark on picks it likes. Each channel has a twin with the same topic and
// no feedback or follows: the baseline measured in the same run.
// Prints every digest with its why lines, then per channel: no paper twice, followed authors'
// papers posted, disliked sub-topic before/after feedback (beside the twin), picks matching the
// topic by its judged terms.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { createApp, type App } from '../src/app.js';
import { findChannel, type Channel } from '../src/channels/channels.js';
import { foldName } from '../src/channels/follows.js';
import { handleAction, handleCommand } from '../src/commands/handle.js';
import { loadConfig } from '../src/config.js';
import { digests } from '../src/db/schema.js';
import { composeDigest } from '../src/digest/compose.js';
import { normalizePaper } from '../src/papers/normalize.js';
import type { PaperInput } from '../src/papers/paper.js';
import { getPapers } from '../src/papers/store.js';
import { progress } from '../src/progress.js';

const FILE = new URL('../../shared/data/arxiv-days-2026-06.jsonl', import.meta.url).pathname;
const FEEDBACK_DAYS = 3;

interface Plan {
  name: string;
  topic: string;
  /** The topic's judged terms: a pick that says none of them is off-topic. */
  judged: RegExp;
  /** The sub-topic the team marks "less like this" on days 1-3 (a pick that mentions it). */
  disliked: { label: string; re: RegExp };
  /** Picks the team bookmarks on days 1-3 (and that are not in the disliked sub-topic). */
  liked: RegExp;
  follows: string[];
}

let plans: Plan[] = [];
const PLANS: Plan[] = [
  { name: 'vision', topic: 'diffusion', judged: /diffusion|denois/i, disliked: { label: 'video', re: /\bvideos?\b/i }, liked: /\bimages?\b/i, follows: ['author "Trung-Nghia Le"'] },
  { name: 'nlp', topic: 'reasoning', judged: /reason/i, disliked: { label: 'math', re: /\bmath|mathematic|arithmetic/i }, liked: /\b(language|LLMs?)\b/i, follows: ['author "Tat-Seng Chua"', 'venue ACL'] },
  { name: 'agents', topic: 'agents', judged: /\bagent/i, disliked: { label: 'web/GUI', re: /\bweb\b|\bGUI\b|browser/i }, liked: /\b(tool|planning|multi-agent)\b/i, follows: ['author "Yi Yang"'] },
];

interface Row {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  primary: string;
  comment: string | null;
  published: string;
  announced: string;
}

interface Tally {
  picks: number;
  /** Picks the topic brought ("matches ..."), and those of them that say a judged term. */
  topical: number;
  judged: number;
  dislikedBefore: number;
  picksBefore: number;
  dislikedAfter: number;
  picksAfter: number;
  seen: Map<string, number>;
}

const newTally = (): Tally => ({ picks: 0, topical: 0, judged: 0, dislikedBefore: 0, picksBefore: 0, dislikedAfter: 0, picksAfter: 0, seen: new Map() });
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)}%` : '-');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quiet: { type: 'boolean', default: false }, only: { type: 'string' } } });
  // --only vision,nlp: a shorter run on some of the channels.
  const only = values.only ? new Set(values.only.split(',')) : null;
  plans = only ? PLANS.filter((p) => only.has(p.name)) : PLANS;
  if (!existsSync(FILE)) {
    process.stdout.write(`replay:digest skipped: ${FILE} is absent (the real arXiv days live in ../shared/data).\n`);
    return 0;
  }
  const rows: Row[] = readFileSync(FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const days = [...new Set(rows.map((r) => r.announced))].sort();
  process.stderr.write(`replay:digest: ${rows.length} papers on ${days.length} days (${days[0]} to ${days[days.length - 1]})\n`);

  const app = await createApp(loadConfig({ DATABASE_URL: 'memory://', LOG_LEVEL: 'error' }), { seed: false, syncIntervalMs: 0 });
  try {
    return await replay(app, rows, days, values.quiet ?? false);
  } finally {
    await app.close();
  }
}

const ctxOf = (workspaceId: string) => ({ platform: 'replay', workspaceId, channelId: `C-${workspaceId}`, userId: `U-${workspaceId}` });

async function replay(app: App, rows: Row[], days: string[], quiet: boolean): Promise<number> {
  const channels = new Map<string, Channel>();
  for (const p of plans) {
    for (const twin of [false, true]) {
      const ws = twin ? `${p.name}-baseline` : p.name;
      await handleCommand(app, ctxOf(ws), `subscribe ${p.topic}`);
      if (!twin) for (const f of p.follows) await handleCommand(app, ctxOf(ws), `follow ${f}`);
      channels.set(ws, (await findChannel(app.db, ctxOf(ws)))!);
    }
  }
  const followedAuthors = new Map(plans.map((p) => [p.name, p.follows.filter((f) => f.startsWith('author ')).map((f) => f.slice(7).replace(/"/g, ''))]));
  const tallies = new Map([...channels.keys()].map((k) => [k, newTally()]));
  const followedPosted = new Map<string, { found: number; total: number; missing: string[] }>(plans.map((p) => [p.name, { found: 0, total: 0, missing: [] }]));
  const shown: string[] = [];

  const bar = progress('replay days', days.length);
  for (const [d, day] of days.entries()) {
    const inputs: PaperInput[] = rows
      .filter((r) => r.announced === day)
      .map((r) => ({ id: r.id, title: r.title, abstract: r.abstract, authors: r.authors, categories: r.categories, primaryCategory: r.primary, comment: r.comment ?? undefined, published: r.published, announced: `${day}T00:00:00Z`, source: 'arxiv' }));
    await app.addPapers(inputs.map((i) => normalizePaper(i, 'arxiv')));
    const now = new Date(`${day}T09:00:00Z`);
    for (const [ws, channel] of channels) {
      const plan = plans.find((p) => ws === p.name || ws === `${p.name}-baseline`)!;
      const digest = await composeDigest(app, channel.id, day, undefined, { now });
      // The replay's clock: the digest was composed at 09:00 of its day, so the next window starts there.
      await app.db.update(digests).set({ createdAt: now }).where(eq(digests.id, digest.id));
      const papers = await getPapers(app.db, digest.items.map((i) => i.paperId));
      const byId = new Map(papers.map((p) => [p.id, p]));
      const t = tallies.get(ws)!;
      const lines = [`${day} #${ws}: ${digest.header.text}`];
      for (const item of digest.items) {
        const p = byId.get(item.paperId)!;
        const text = `${p.title} ${p.abstract}`;
        t.picks++;
        t.seen.set(p.id, (t.seen.get(p.id) ?? 0) + 1);
        // Judged on the picks the topic brought: a followed author's paper is in whatever it is about.
        const topical = item.reasons.some((r) => r.startsWith('matches '));
        const inDisliked = plan.disliked.re.test(text);
        if (topical) {
          t.topical++;
          if (plan.judged.test(text)) t.judged++;
          if (d < FEEDBACK_DAYS) {
            t.picksBefore++;
            if (inDisliked) t.dislikedBefore++;
          } else {
            t.picksAfter++;
            if (inDisliked) t.dislikedAfter++;
          }
        }
        let mark = '';
        if (ws === plan.name && d < FEEDBACK_DAYS) {
          if (inDisliked) {
            await handleAction(app, ctxOf(ws), { kind: 'less', value: p.id });
            mark = '  [team: 👎 less like this]';
          } else if (plan.liked.test(text)) {
            await handleAction(app, ctxOf(ws), { kind: 'bookmark', value: p.id });
            mark = '  [team: 🔖 saved]';
          }
        }
        lines.push(`  ${item.position}. ${p.title.slice(0, 110)} [${p.id}]${mark}`, `     why: ${item.reasons.join('; ')}`);
      }
      if (ws === plan.name) {
        // Every paper of a followed author announced today must be in today's digest.
        const f = followedPosted.get(plan.name)!;
        const names = new Set(followedAuthors.get(plan.name)!.map(foldName));
        const due = rows.filter((r) => r.announced === day && r.authors.some((a) => names.has(foldName(a))));
        for (const r of due) {
          f.total++;
          if (byId.has(r.id)) f.found++;
          else f.missing.push(`${day} ${r.id}`);
        }
      }
      shown.push(lines.join('\n'));
      if (!quiet) process.stdout.write(`${lines.join('\n')}\n\n`);
    }
    bar.tick(d + 1);
    if (!process.stderr.isTTY) process.stderr.write(`replay:digest: ${day} composed for ${channels.size} channels\n`);
  }
  bar.end();

  const out: string[] = ['', `Replay of ${days.length} real arXiv days (${rows.length} papers), feedback on days 1-${FEEDBACK_DAYS}; baseline = the same topic with no feedback or follows`];
  out.push('channel          picks  twice  on-topic (judged)  disliked sub-topic: days 1-3 -> days 4-10 followed authors posted', '(on-topic and sub-topic shares count the picks the topic brought, not the followed authors\' papers)');
  let failures = 0;
  for (const p of plans) {
    for (const ws of [p.name, `${p.name}-baseline`]) {
      const t = tallies.get(ws)!;
      const twice = [...t.seen.values()].filter((n) => n > 1).length;
      if (twice) failures++;
      const f = ws === p.name ? followedPosted.get(p.name)! : null;
      if (f && f.found < f.total) failures++;
      const sub = `${p.disliked.label}: ${t.dislikedBefore}/${t.picksBefore} (${pct(t.dislikedBefore, t.picksBefore)}) -> ${t.dislikedAfter}/${t.picksAfter} (${pct(t.dislikedAfter, t.picksAfter)})`;
      out.push(
        `${ws.padEnd(17)}${String(t.picks).padStart(5)}  ${String(twice).padStart(5)}  ${`${t.judged}/${t.topical} (${pct(t.judged, t.topical)})`.padEnd(19)}${sub.padEnd(44)}${f ? `${f.found}/${f.total}${f.missing.length ? ` missing ${f.missing.slice(0, 3).join(', ')}` : ''}` : '-'}`,
      );
    }
  }
  out.push(failures ? `FAILED: ${failures} check(s) above (a paper twice, or a followed author's paper missing)` : 'OK: no paper twice in any channel; every followed author\'s paper was in that day\'s digest');
  process.stdout.write(`${out.join('\n')}\n`);
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`replay:digest failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
