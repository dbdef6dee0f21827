import type { App } from '../app.js';
import { getPaper, getPapers } from '../papers/store.js';
import type { SearchResult } from '../search/search-index.js';
import { toCard } from './cards.js';
import { textReply, type Reply } from './reply.js';

export const RESULTS_PER_REPLY = 5;

async function cardsFor(app: App, result: SearchResult, why: (matched: string[]) => string[]) {
  const papers = await getPapers(app.db, result.hits.map((h) => h.id));
  const byId = new Map(papers.map((p) => [p.id, p]));
  return result.hits.flatMap((h) => {
    const p = byId.get(h.id);
    return p ? [toCard(p, why(h.matched))] : [];
  });
}

export async function searchReply(app: App, query: string, truncated: boolean): Promise<Reply> {
  const result = app.search.search(query, { limit: RESULTS_PER_REPLY });
  const notes: string[] = [];
  if (truncated) notes.push(`Your query was long, so I searched for its first ${query.length} characters.`);
  if (result.searchedFor) notes.push(`No exact matches for "${query}"; showing results for "${result.searchedFor}".`);
  if (result.hits.length === 0) {
    return textReply([...notes, `No papers match "${query}". Try fewer or broader words, e.g. \`/papers ${query.split(/\s+/)[0]}\`, or \`/papers help\`.`].join('\n'));
  }
  const cards = await cardsFor(app, result, (m) => (m.length ? [`matches ${m.slice(0, 4).join(', ')}`] : []));
  return {
    text: [...notes, `Top ${cards.length} papers for "${result.searchedFor ?? query}"`].join('\n'),
    cards,
    actions: [{ kind: 'share', label: 'Share in channel', value: query }],
    visibility: 'private',
  };
}

export async function paperReply(app: App, id: string): Promise<Reply> {
  const p = await getPaper(app.db, id);
  if (!p) return textReply(`I don't have ${id} in the library yet. Check the id, or try \`/papers ${id}\` as a search.`);
  return { text: p.title, cards: [toCard(p)], actions: [], visibility: 'private' };
}

export async function similarReply(app: App, id: string): Promise<Reply> {
  const p = await getPaper(app.db, id);
  if (!p) return textReply(`I don't have ${id} in the library yet, so I can't find papers like it.`);
  const result = app.search.similar(id, { limit: RESULTS_PER_REPLY });
  if (result.hits.length === 0) return textReply(`No papers in the library are close to "${p.title}".`);
  const cards = await cardsFor(app, result, () => [`similar to ${p.id}`]);
  return { text: `Papers similar to "${p.title}"`, cards, actions: [], visibility: 'private' };
}
