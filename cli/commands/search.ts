import { parseArgs } from 'node:util';
import { getPapers } from '../../src/papers/store.js';
import { paperUrl } from '../../src/papers/paper.js';
import type { SearchIndex, SearchResult } from '../../src/search/search-index.js';
import { openApp, UsageError } from '../open-app.js';

/** `paperbot search QUERY [--limit N] [--json]` */
export function searchCommand(args: string[]): Promise<number> {
  return ranked(args, 'search QUERY', (search, query, limit) => search.search(query.slice(0, 1000), { limit }));
}

/** `paperbot similar ID [--limit N] [--json]`: the papers "/papers similar" shows, for scoring too. */
export function similarCommand(args: string[]): Promise<number> {
  return ranked(args, 'similar ID', (search, id, limit) => search.similar(id, { limit }));
}

async function ranked(args: string[], usage: string, run: (search: SearchIndex, text: string, limit: number) => SearchResult): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { limit: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } } });
  const query = positionals.join(' ').trim();
  const limit = Number(values.limit);
  if (!query) throw new UsageError(`usage: paperbot ${usage} [--limit N] [--json]`);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  const app = await openApp({ syncIntervalMs: 0, quiet: true });
  try {
    const result = run(app.search, query, limit);
    const papers = new Map((await getPapers(app.db, result.hits.map((h) => h.id))).map((p) => [p.id, p]));
    const rows = result.hits.flatMap((h) => {
      const p = papers.get(h.id);
      return p ? [{ id: p.id, title: p.title, score: Number(h.score.toFixed(4)), url: paperUrl(p), tldr: p.tldr, matched: h.matched }] : [];
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
    } else {
      if (result.searchedFor) process.stdout.write(`(searched for "${result.searchedFor}")\n`);
      if (rows.length === 0) process.stdout.write(`no papers match "${query}"\n`);
      rows.forEach((r, i) => process.stdout.write(`${String(i + 1).padStart(2)}. ${r.score.toFixed(3)}  ${r.title}  [${r.id}]\n`));
    }
  } finally {
    await app.close();
  }
  return 0;
}
