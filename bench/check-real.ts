// npm run check:real: ingest the real captured responses in ../shared/data/real-ingest through
// loopback servers into an in-memory PGlite, then compare what was stored, field by field, with
// what the captures say. Prints fields correct, titles correct, papers missing and abstracts with
// TeX damage; `--verbose` lists every wrong field. Skips (exit 0) when the data is absent.
import { basename } from 'node:path';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { getPapers } from '../src/papers/store.js';
import { runIngest } from '../src/sources/ingest.js';
import { formatIngestReport } from '../src/sources/report.js';
import { startSourceServer, type SourceServer } from '../test/fakes/source-server.js';
import { expectedFromApi, expectedFromFeed, expectedFromHf, listCaptures, readCapture, realDataPresent, REAL_DIR, type Capture, type Expected } from './real-captures.js';
import { collapse, texDamage, textMatches } from './tex-damage.js';

const VERBOSE = process.argv.includes('--verbose');
const FAST = { minIntervalMs: 0, timeoutMs: 10_000, retries: 0 };
const PAGE = 100;
const API_PATH = '/api/query';
const FEED_BASE = '/rss';
const FEED_PATH = `${FEED_BASE}/cs.CL+cs.LG+cs.AI+cs.CV`;
const HF_PATH = '/api/daily_papers';

async function appFor(server: SourceServer): Promise<App> {
  const config = loadConfig({ DATABASE_URL: 'memory://', ARXIV_API_URL: `${server.url}${API_PATH}`, ARXIV_FEED_URL: `${server.url}${FEED_BASE}`, HF_API_URL: server.url, LOG_LEVEL: 'silent' });
  return createApp(config, { seed: false, syncIntervalMs: 0 });
}

/** Capture i answers start = i × PAGE; totalResults is rewritten so paging asks for exactly these. */
function serveQueryCaptures(server: SourceServer, captures: Capture[]): void {
  server.on(API_PATH, (req) => {
    const c = captures[Number(req.query.get('start') ?? 0) / PAGE];
    if (!c) return { status: 404, body: 'no capture' };
    const total = captures.length > 1 || /<entry>/.test(c.body) ? (captures.length - 1) * PAGE + 1 : 0;
    const body = /<entry>/.test(c.body) ? c.body.replace(/(<(?:opensearch:)?totalResults[^>]*>)\d+/, `$1${total}`) : c.body;
    return { status: c.status, body, headers: { 'content-type': 'application/atom+xml; charset=utf-8' } };
  });
}

interface Tally {
  name: string;
  papers: number;
  missing: string[];
  fields: number;
  fieldsRight: number;
  titles: number;
  titlesRight: number;
  abstracts: number;
  damaged: number;
  damage: Map<string, number>;
  wrong: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The newest version each capture states wins, as the store keeps the newest. */
function latest(expected: Expected[]): Expected[] {
  const by = new Map<string, Expected>();
  for (const e of expected) {
    const was = by.get(e.id);
    if (!was || (e.version ?? 0) > (was.version ?? 0)) by.set(e.id, e);
  }
  return [...by.values()];
}

async function compare(app: App, name: string, expected: Expected[], fields: Array<keyof Expected>): Promise<Tally> {
  const want = latest(expected);
  const stored = new Map((await getPapers(app.db, want.map((e) => e.id))).map((p) => [p.id, p]));
  const t: Tally = { name, papers: want.length, missing: [], fields: 0, fieldsRight: 0, titles: 0, titlesRight: 0, abstracts: 0, damaged: 0, damage: new Map(), wrong: [] };
  for (const e of want) {
    const p = stored.get(e.id);
    if (!p) {
      t.missing.push(e.id);
      continue;
    }
    const checks: Record<string, () => [boolean, unknown]> = {
      title: () => [textMatches(p.title, e.title), p.title],
      abstract: () => [textMatches(p.abstract, e.abstract), p.abstract],
      authors: () => [p.authors.length === e.authors.length && e.authors.every((a, i) => textMatches(p.authors[i], a)), p.authors],
      categories: () => [same([...p.categories].sort(), [...(e.categories ?? [])].sort()), p.categories],
      primary: () => [p.primaryCategory === e.primary, p.primaryCategory],
      version: () => [p.version === (e.version ?? null), p.version],
      doi: () => [e.doi === undefined ? p.doi === null : p.doi === collapse(e.doi), p.doi],
      journalRef: () => [e.journalRef === undefined ? p.journalRef === null : p.journalRef !== null && textMatches(p.journalRef, e.journalRef), p.journalRef],
      upvotes: () => [p.upvotes === (e.upvotes ?? 0), p.upvotes],
      codeUrl: () => [p.codeUrl === (e.codeUrl ?? null), p.codeUrl],
      stars: () => [p.stars === (e.stars ?? 0), p.stars],
    };
    for (const f of fields) {
      const [ok, got] = checks[f]();
      t.fields++;
      if (ok) t.fieldsRight++;
      else t.wrong.push(`${e.id} ${f}: stored ${JSON.stringify(got)?.slice(0, 300)}\n    capture ${JSON.stringify(e[f])?.slice(0, 300)}  (${basename(e.from)})`);
      if (f === 'title') {
        t.titles++;
        if (ok) t.titlesRight++;
      }
    }
    t.abstracts++;
    const d = texDamage(p.abstract);
    if (d.length) t.damaged++;
    for (const k of d) t.damage.set(k, (t.damage.get(k) ?? 0) + 1);
  }
  return t;
}

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(2)}%`);

function print(t: Tally): void {
  const damage = [...t.damage].map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(
    `${t.name.padEnd(10)} papers ${String(t.papers).padStart(5)}  missing ${t.missing.length}  fields ${t.fieldsRight}/${t.fields} (${pct(t.fieldsRight, t.fields)})  ` +
      `titles ${pct(t.titlesRight, t.titles)}  abstracts with TeX damage ${t.damaged} (${pct(t.damaged, t.abstracts)})${damage ? ` [${damage}]` : ''}`,
  );
  if (t.missing.length) console.log(`  missing: ${t.missing.slice(0, 20).join(' ')}`);
  if (VERBOSE) for (const w of t.wrong) console.log(`  ${w}`);
}

async function checkQueryApi(server: SourceServer): Promise<Tally> {
  const captures = listCaptures('arxiv-api').map(readCapture).filter((c) => c.status === 200 && /<entry>/.test(c.body));
  serveQueryCaptures(server, captures);
  const app = await appFor(server);
  try {
    const report = await runIngest(app, { source: 'arxiv', arxivMode: 'api', date: '2026-04-10', now: new Date('2026-04-13T12:00:00Z'), pageSize: PAGE, http: FAST });
    if (VERBOSE) process.stdout.write(formatIngestReport(report));
    return await compare(app, 'query API', captures.flatMap(expectedFromApi), ['title', 'abstract', 'authors', 'categories', 'primary', 'version', 'doi', 'journalRef']);
  } finally {
    await app.close();
  }
}

/** arXiv's own error and empty answers: the run must say why, and store nothing. */
async function checkQueryApiAnswers(server: SourceServer): Promise<void> {
  for (const file of listCaptures('arxiv-api').filter((f) => /id_(abc|0000\.0000)_/.test(f))) {
    const c = readCapture(file);
    serveQueryCaptures(server, [c]);
    const app = await appFor(server);
    try {
      const report = await runIngest(app, { source: 'arxiv', arxivMode: 'api', date: '2026-04-10', now: new Date('2026-04-13T12:00:00Z'), pageSize: PAGE, http: FAST });
      const s = report.sources[0];
      console.log(`query API  ${basename(file)} (HTTP ${c.status}): ${s.status}, ${s.stored.new} stored${s.errors.length ? `, error: ${s.errors.join('; ').slice(0, 200)}` : ''}`);
    } finally {
      await app.close();
    }
  }
}

async function checkFeed(server: SourceServer): Promise<Tally> {
  const [file] = listCaptures('arxiv-feed');
  const c = readCapture(file);
  server.on(FEED_PATH, { body: c.body, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
  const app = await appFor(server);
  try {
    // Thursday 28 November 2024, 10:00 Eastern: the capture is that morning's listing.
    const report = await runIngest(app, { source: 'arxiv', arxivMode: 'feed', now: new Date('2024-11-28T15:00:00Z'), http: FAST });
    if (VERBOSE) process.stdout.write(formatIngestReport(report));
    return await compare(app, 'feed (RSS)', expectedFromFeed(c), ['title', 'abstract', 'authors', 'categories', 'version', 'doi', 'journalRef']);
  } finally {
    await app.close();
  }
}

async function checkHf(server: SourceServer): Promise<Tally> {
  const captures = new Map(listCaptures('hf-daily').map((f) => [basename(f, '.json'), readCapture(f)]));
  server.on(HF_PATH, (req) => {
    const c = req.query.get('p') === '0' ? captures.get(req.query.get('date') ?? '') : undefined;
    return { body: c?.body ?? '[]', headers: { 'content-type': 'application/json' } };
  });
  const app = await appFor(server);
  try {
    for (const day of captures.keys()) {
      const report = await runIngest(app, { source: 'hf', date: day, now: new Date(`${day}T23:00:00Z`), http: FAST });
      if (VERBOSE) process.stdout.write(formatIngestReport(report));
    }
    return await compare(app, 'HF daily', [...captures.values()].flatMap(expectedFromHf), ['title', 'abstract', 'authors', 'upvotes', 'codeUrl', 'stars']);
  } finally {
    await app.close();
  }
}

async function main(): Promise<number> {
  if (!realDataPresent()) {
    console.log(`check:real: skipped: no real captures at ${REAL_DIR} (../shared/data is not beside this checkout)`);
    return 0;
  }
  const server = await startSourceServer();
  try {
    const tallies = [await checkQueryApi(server), await checkFeed(server), await checkHf(server)];
    await checkQueryApiAnswers(server);
    for (const t of tallies) print(t);
    const sum = (k: 'fields' | 'fieldsRight' | 'titles' | 'titlesRight' | 'abstracts' | 'damaged' | 'papers') => tallies.reduce((n, t) => n + t[k], 0);
    const missing = tallies.reduce((n, t) => n + t.missing.length, 0);
    console.log(
      `all        papers ${sum('papers')}  missing ${missing}  fields correct ${pct(sum('fieldsRight'), sum('fields'))}  titles correct ${pct(sum('titlesRight'), sum('titles'))}  ` +
        `abstracts with TeX damage ${pct(sum('damaged'), sum('abstracts'))}`,
    );
    return 0;
  } finally {
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`check:real failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);


