// The reader-marked abstracts of ../shared/data/keyresult-dev.csv (one row a span: arxiv_id,
// abstract, start_idx, end_idx, label), grouped per abstract and split into two seeded halves:
// rules are developed on one, the other is only reported.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const KEYRESULT_DATA = fileURLToPath(new URL('../../shared/data/keyresult-dev.csv', import.meta.url));
const SPLIT_SEED = 'paperbot-keyresult-1';

export type SpanLabel = 'problem' | 'task' | 'idea' | 'result';

export interface MarkedAbstract {
  id: string;
  abstract: string;
  spans: Record<SpanLabel, string[]>;
}

/** 'dev' or 'held-out', fixed by the id and the seed (about half each). */
export function halfOf(id: string): 'dev' | 'held-out' {
  return createHash('sha256').update(`${SPLIT_SEED}:${id}`).digest()[0] % 2 === 0 ? 'dev' : 'held-out';
}

/** The marked abstracts, or null when the file is absent. Rows with unusable offsets are skipped. */
export function loadMarkedAbstracts(path = KEYRESULT_DATA): MarkedAbstract[] | null {
  if (!existsSync(path)) return null;
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byId = new Map<string, MarkedAbstract>();
  for (const row of rows) {
    const start = Number(row.start_idx);
    const end = Number(row.end_idx);
    const label = row.label as SpanLabel;
    if (!row.arxiv_id || !row.abstract || !(start >= 0 && end > start) || !['problem', 'task', 'idea', 'result'].includes(label)) continue;
    let entry = byId.get(row.arxiv_id);
    if (!entry) {
      entry = { id: row.arxiv_id, abstract: row.abstract, spans: { problem: [], task: [], idea: [], result: [] } };
      byId.set(row.arxiv_id, entry);
    }
    entry.spans[label].push(row.abstract.slice(start, end));
  }
  return [...byId.values()];
}
