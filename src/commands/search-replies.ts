import type { Db } from '../db/database.js';
import { getPaper, getPapers } from '../papers/store.js';
import { describeFilters, hasFilters, passesFilters, splitFilters } from '../search/filters.js';
import type { Match, SearchHit, SearchIndex, SearchResult } from '../search/search-index.js';
import { toCard } from '../reply/cards.js';
import { textReply, type Reply } from '../reply/reply.js';

/** What search replies read: the library and its index. */
export interface SearchReplyDeps {
  db: Db;
  search: Pick<SearchIndex, 'search' | 'similar'>;
}

export const RESULTS_PER_REPLY = 5;
const WHY_CHARS = 90;

async function cardsFor(db: Db, hits: SearchHit[], why: (hit: SearchHit) => string[]) {
  const papers = await getPapers(db, hits.map((h) => h.id));
  const byId = new Map(papers.map((p) => [p.id, p]));
  return hits.flatMap((h) => {
    const p = byId.get(h.id);
    return p ? [toCard(p, why(h))] : [];
  });
}

function quoted(words: string[]): string {
  return words.map((w) => `"${w}"`).join(', ');
}

function clip(s: string): string {
  return s.length > WHY_CHARS ? `${s.slice(0, WHY_CHARS - 1)}…` : s;
}

/** How one match reads to a person: "LoRA (for lora)", "low-rank adaptation (= lora)". */
function describe(m: Match): string {
  if (m.via === 'acronym') return `${m.form} (= ${m.query})`;
  if (m.via === 'composite' || m.via === 'compound') return `${m.form} (for ${m.query})`;
  return m.form;
}

/** "title: speculative, decoding · abstract: SD (= speculative decoding)" */
export function whyMatched(matches: Match[] | undefined, fallback: string[]): string[] {
  if (!matches || matches.length === 0) return fallback.length ? [clip(`matches ${fallback.slice(0, 4).join(', ')}`)] : [];
  const inTitle = matches.filter((m) => m.fields.includes('title'));
  const inAbstract = matches.filter((m) => !m.fields.includes('title') && m.fields.includes('abstract'));
  const byAuthor = matches.filter((m) => m.fields.length === 1 && m.fields[0] === 'authors');
  const byMeaning = matches.filter((m) => m.via === 'meaning');
  const parts: string[] = [];
  if (byMeaning.length) parts.push(`close in meaning to "${byMeaning[0].query}": ${byMeaning.map((m) => m.form).join(', ')}`);
  if (inTitle.length) parts.push(`title: ${inTitle.map(describe).join(', ')}`);
  if (inAbstract.length) parts.push(`abstract: ${inAbstract.map(describe).join(', ')}`);
  if (byAuthor.length) parts.push(`author: ${byAuthor.map(describe).join(', ')}`);
  return [clip(parts.join(' · '))];
}

/** The lines above the results that say what was actually searched. */
export function searchNotes(query: string, result: SearchResult, truncated: boolean): string[] {
  const notes: string[] = [];
  if (truncated || result.truncated) notes.push(`Your query was long, so I searched for its first ${query.length} characters.`);
  const corrections = result.corrections ?? [];
  const replaced = corrections.filter((c) => c.kind !== 'also');
  if (replaced.length) {
    const target = result.searchedFor ?? replaced.map((c) => c.to[0]).join(' ');
    const others = replaced.filter((c) => c.kind === 'prefix' && c.to.length > 1).flatMap((c) => c.to.slice(1));
    notes.push(`No papers say ${quoted(replaced.map((c) => c.from))}: searched for "${target}" instead${others.length ? ` (and ${quoted(others)})` : ''}.`);
  }
  for (const c of corrections.filter((x) => x.kind === 'also')) notes.push(`"${c.from}" is rare, so I also searched for "${c.to[0]}".`);
  const expansions = (result.expansions ?? []).filter((e, i, all) => all.findIndex((x) => x.from === e.from && x.to === e.to) === i);
  if (expansions.length) notes.push(`Also matching ${expansions.slice(0, 3).map((e) => `"${e.to}" for "${e.from}"`).join(', ')}.`);
  if (result.excluded?.length) notes.push(`Leaving out papers that mention ${quoted(result.excluded)}.`);
  return notes;
}

function noMatch(query: string, result: SearchResult, notes: string[]): Reply {
  const shown = query.length > 80 ? `${query.slice(0, 79)}…` : query;
  if (result.onlyStopWords) {
    return textReply([...notes, `"${shown}" has only common words (like "the" or "of"), so there is nothing to search for. Try a topic, e.g. \`/papers speculative decoding\`.`].join('\n'));
  }
  if (result.excluded?.length && !(result.corrections?.length || result.expansions?.length) && /^[\s-]*(?:-|NOT\s)/.test(query.trim())) {
    return textReply([...notes, 'A search needs at least one word to look for besides the excluded ones, e.g. `/papers lora -quantization`.'].join('\n'));
  }
  const tries = (result.suggestions ?? []).map((s) => `\`/papers ${s}\``);
  const hint = tries.length ? `Try ${tries.join(' or ')}, fewer words, or \`/papers help\`.` : 'Try fewer or broader words, or `/papers help`.';
  return textReply([...notes, `No papers match "${shown}". ${hint}`].join('\n'));
}

/** With filters, this many hits are read and filtered on their rows (the index holds only text). */
const FILTERED_HITS = 300;

export async function searchReply(deps: SearchReplyDeps, query: string, truncated: boolean, now = new Date()): Promise<Reply> {
  const { text, filters, problems } = splitFilters(query);
  if (problems.length) return textReply(`${problems[0]}.`);
  const filtered = hasFilters(filters);
  if (filtered && !/[\p{L}\p{N}]/u.test(text)) return textReply('A search needs words to look for besides its filters, e.g. `/papers lora code:yes since:7d`.');
  const result = deps.search.search(text, { limit: filtered ? FILTERED_HITS : RESULTS_PER_REPLY });
  const notes = searchNotes(text, result, truncated);
  if (result.hits.length === 0) return noMatch(text, result, notes);
  let hits = result.hits;
  if (filtered) {
    const rows = new Map((await getPapers(deps.db, hits.map((h) => h.id))).map((p) => [p.id, p]));
    hits = hits.filter((h) => rows.has(h.id) && passesFilters(rows.get(h.id)!, filters, now)).slice(0, RESULTS_PER_REPLY);
    if (hits.length === 0) return textReply([...notes, `No papers match "${text}" with ${describeFilters(filters)}. Try without a filter.`].join('\n'));
    notes.push(`Only papers with ${describeFilters(filters)}.`);
  }
  const cards = await cardsFor(deps.db, hits, (h) => whyMatched(h.matches, h.matched));
  if (cards.length === 0) return noMatch(text, result, notes);
  return {
    text: [...notes, `Top ${cards.length} papers for "${result.searchedFor ?? query}"`].join('\n'),
    cards,
    actions: [{ kind: 'share', label: 'Share in channel', value: query }],
    visibility: 'private',
  };
}

export async function paperReply(deps: { db: Db }, id: string): Promise<Reply> {
  const p = await getPaper(deps.db, id);
  if (!p) return textReply(`I don't have ${id} in the library yet. Check the id, or try \`/papers ${id}\` as a search.`);
  return { text: p.title, cards: [toCard(p)], actions: [], visibility: 'private' };
}

export async function similarReply(deps: SearchReplyDeps, id: string): Promise<Reply> {
  const p = await getPaper(deps.db, id);
  if (!p) return textReply(`I don't have ${id} in the library yet, so I can't find papers like it.`);
  const result = deps.search.similar(id, { limit: RESULTS_PER_REPLY });
  if (result.hits.length === 0) return textReply(`No papers in the library are close to "${p.title}".`);
  const cards = await cardsFor(deps.db, result.hits, (h) => {
    const shared = [...new Set((h.matches ?? []).map((m) => m.form))].slice(0, 5);
    if (shared.length && h.matches!.every((m) => m.via === 'meaning')) return [clip(`close in meaning to ${p.id}: ${shared.join(', ')}`)];
    return shared.length ? [clip(`shares ${shared.join(', ')} with ${p.id}`)] : [`similar to ${p.id}`];
  });
  return { text: `Papers similar to "${p.title}"`, cards, actions: [], visibility: 'private' };
}
