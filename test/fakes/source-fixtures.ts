import { readFileSync } from 'node:fs';

const DIR = new URL('../fixtures/sources/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}

export interface FakeArxivPaper {
  id: string;
  version?: number;
  title?: string;
  abstract?: string;
  published?: string;
  categories?: string[];
  comment?: string;
}

/** One query-API <entry> in the documented shape (for volume tests; the format itself is in the fixture files). */
export function apiEntry(p: FakeArxivPaper): string {
  const v = p.version ?? 1;
  const cats = p.categories ?? ['cs.CL'];
  return `
  <entry>
    <id>http://arxiv.org/abs/${p.id}v${v}</id>
    <updated>${p.published ?? '2025-03-03T12:00:00Z'}</updated>
    <published>${p.published ?? '2025-03-03T12:00:00Z'}</published>
    ${p.title === undefined ? '' : `<title>${p.title}</title>`}
    <summary>${p.abstract ?? `An abstract about ${p.title ?? 'nothing'}. It has a second sentence.`}</summary>
    <author><name>Author ${p.id}</name></author>
    ${p.comment ? `<arxiv:comment>${p.comment}</arxiv:comment>` : ''}
    <link href="http://arxiv.org/abs/${p.id}v${v}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${p.id}v${v}" rel="related" type="application/pdf"/>
    <arxiv:primary_category term="${cats[0]}" scheme="http://arxiv.org/schemas/atom"/>
    ${cats.map((c) => `<category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n    ')}
  </entry>`;
}

/** A query-API page: OpenSearch counts plus entries. */
export function apiPage(entries: FakeArxivPaper[], total: number, start: number, perPage: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: start=${start}</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2025-03-04T00:00:00-05:00</updated>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>${start}</opensearch:startIndex>
  <opensearch:itemsPerPage>${perPage}</opensearch:itemsPerPage>${entries.map(apiEntry).join('')}
</feed>
`;
}

/** Papers 2503.1xxxx numbered from `from`, `n` of them. */
export function papersRange(from: number, n: number): FakeArxivPaper[] {
  return Array.from({ length: n }, (_, i) => ({ id: `2503.${String(10000 + from + i)}`, title: `Synthetic paper number ${from + i} on language models` }));
}
