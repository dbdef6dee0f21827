import type { Db } from '../db/database.js';
import { listBookmarks, teamBookmarks } from '../library/bookmarks.js';
import { toBibtex } from '../library/bibtex.js';
import { toCard } from '../reply/cards.js';
import type { SearchIndex } from '../search/search-index.js';
import type { CommandContext } from './command.js';
import { textReply, type Reply } from '../reply/reply.js';

const SHOWN = 10;

export async function bookmarksReply(deps: { db: Db; search: Pick<SearchIndex, 'search'> }, ctx: CommandContext, query: string | null, scope: 'mine' | 'team'): Promise<Reply> {
  const workspace = { platform: ctx.platform, workspaceId: ctx.workspaceId };
  if (scope === 'team') {
    let rows = await teamBookmarks(deps.db, workspace, query ? 1_000 : SHOWN);
    if (rows.length === 0) return textReply('Nobody in this workspace has saved a paper yet. React with :bookmark: on a paper to save it.');
    if (query) {
      // Searchable like your own: the team's saved papers matching the query, best match first.
      const byId = new Map(rows.map((r) => [r.paper.id, r]));
      rows = deps.search.search(query, { limit: SHOWN, filter: (id) => byId.has(id) }).hits.map((h) => byId.get(h.id)!);
      if (rows.length === 0) return textReply(`Nothing your team saved matches "${query}".`);
    }
    return {
      text: query ? `What your team saved matching "${query}" (${rows.length})` : `What your team saved most (${rows.length})`,
      cards: rows.map((r) => toCard(r.paper, [`saved by ${r.savers} ${r.savers === 1 ? 'person' : 'people'}`])),
      actions: [],
      visibility: 'private',
    };
  }
  const saved = await listBookmarks(deps.db, { ...workspace, userId: ctx.userId });
  if (saved.length === 0) return textReply('You have no bookmarks yet. React with :bookmark: on a paper, or press Bookmark on a result.');
  let rows = saved;
  if (query) {
    const ids = new Set(saved.map((s) => s.paper.id));
    const hits = deps.search.search(query, { limit: SHOWN, filter: (id) => ids.has(id) }).hits;
    const byId = new Map(saved.map((s) => [s.paper.id, s]));
    rows = hits.map((h) => byId.get(h.id)!).filter(Boolean);
    if (rows.length === 0) return textReply(`None of your ${saved.length} bookmarks match "${query}".`);
  }
  const shown = rows.slice(0, SHOWN);
  return {
    text: query ? `Your bookmarks matching "${query}" (${rows.length})` : `Your bookmarks (${saved.length}), newest first`,
    cards: shown.map((r) => toCard(r.paper, [`saved ${r.savedAt.toISOString().slice(0, 10)}`])),
    actions: [],
    visibility: 'private',
  };
}

export async function exportBibtexReply(deps: { db: Db }, ctx: CommandContext): Promise<Reply> {
  const saved = await listBookmarks(deps.db, { platform: ctx.platform, workspaceId: ctx.workspaceId, userId: ctx.userId });
  if (saved.length === 0) return textReply('You have no bookmarks to export yet. React with :bookmark: on a paper to save it.');
  return {
    text: `Your ${saved.length} bookmarks as BibTeX.`,
    cards: [],
    actions: [],
    visibility: 'private',
    file: { filename: 'paperbot-bookmarks.bib', title: 'paperbot bookmarks (BibTeX)', content: toBibtex(saved.map((s) => s.paper)) },
  };
}
