import type { SearchDoc, SearchIndex, SearchOptions, SearchResult } from './search-index.js';

// A plain term-overlap index so the Foundation works end to end; the Search issue replaces it.
function tokens(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 1);
}

export function createSimpleIndex(): SearchIndex {
  const docs = new Map<string, { doc: SearchDoc; title: Set<string>; body: Map<string, number> }>();
  const df = new Map<string, number>();

  function score(q: string[], id: string): { score: number; matched: string[] } {
    const d = docs.get(id)!;
    let s = 0;
    const matched: string[] = [];
    for (const t of q) {
      const tf = d.body.get(t) ?? 0;
      const inTitle = d.title.has(t);
      if (!tf && !inTitle) continue;
      const idf = Math.log(1 + docs.size / (df.get(t) ?? 1));
      s += idf * ((inTitle ? 2 : 0) + tf / (tf + 1.2));
      matched.push(t);
    }
    return { score: s, matched };
  }

  function run(q: string[], options: SearchOptions = {}, skip?: string): SearchResult {
    const hits = [];
    for (const id of docs.keys()) {
      if (id === skip || (options.filter && !options.filter(id))) continue;
      const r = score(q, id);
      if (r.score > 0) hits.push({ id, ...r });
    }
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { hits: hits.slice(0, options.limit ?? 10) };
  }

  const index: SearchIndex = {
    add(list) {
      for (const doc of list) {
        index.remove(doc.id);
        const body = new Map<string, number>();
        for (const t of tokens(`${doc.abstract} ${doc.authors.join(' ')}`)) body.set(t, (body.get(t) ?? 0) + 1);
        const title = new Set(tokens(doc.title));
        for (const t of new Set([...title, ...body.keys()])) df.set(t, (df.get(t) ?? 0) + 1);
        docs.set(doc.id, { doc, title, body });
      }
    },
    remove(id) {
      const d = docs.get(id);
      if (!d) return;
      for (const t of new Set([...d.title, ...d.body.keys()])) df.set(t, (df.get(t) ?? 1) - 1);
      docs.delete(id);
    },
    size: () => docs.size,
    search: (query, options) => run([...new Set(tokens(query))], options),
    similar(id, options) {
      const d = docs.get(id);
      if (!d) return { hits: [] };
      return run([...new Set(tokens(d.doc.title))], options, id);
    },
  };
  return index;
}
