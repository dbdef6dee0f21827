import type { Skip } from './entries.js';

export type SourceName = 'arxiv' | 'hf';

export interface DayStatus {
  day: string;
  complete: boolean;
  announced: boolean;
  papers: number;
  note: string | null;
}

/** What one source did in one run: read by people (CLI), by the job, and by tests. */
export interface SourceReport {
  source: SourceName;
  /** arXiv: 'feed' (announcement feed) or 'api' (query API); HF: 'daily_papers'. */
  mode: string;
  /** ok: no error; partial: some pages stored, then an error; failed: nothing could be fetched. */
  status: 'ok' | 'partial' | 'failed';
  /** Entries parsed from responses (good and malformed). */
  fetched: number;
  stored: { new: number; updated: number };
  skipped: Skip[];
  /** Entries seen earlier in the same run (across pages or days), not stored again. */
  duplicates: number;
  pages: number;
  errors: string[];
  days: DayStatus[];
}

export interface IngestReport {
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  sources: SourceReport[];
}

export function emptySourceReport(source: SourceName, mode: string): SourceReport {
  return { source, mode, status: 'ok', fetched: 0, stored: { new: 0, updated: 0 }, skipped: [], duplicates: 0, pages: 0, errors: [], days: [] };
}

const NAMES: Record<SourceName, string> = { arxiv: 'arXiv', hf: 'Hugging Face' };

/** A summary a person reads in a terminal or a log. */
export function formatIngestReport(r: IngestReport): string {
  const lines: string[] = [];
  for (const s of r.sources) {
    const head = `${NAMES[s.source]} (${s.mode}): ${s.status}`;
    lines.push(
      `${head} - ${s.fetched} fetched in ${s.pages} page${s.pages === 1 ? '' : 's'}, ${s.stored.new} new, ${s.stored.updated} updated, ` +
        `${s.skipped.length} skipped, ${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'}`,
    );
    for (const d of s.days) {
      const state = !d.announced ? 'no announcement' : d.complete ? 'complete' : 'not complete yet';
      lines.push(`  ${d.day}: ${state}, ${d.papers} paper${d.papers === 1 ? '' : 's'}${d.note ? ` (${d.note})` : ''}`);
    }
    const shown = s.skipped.slice(0, 10);
    for (const k of shown) lines.push(`  skipped ${k.id ?? '(no id)'}: ${k.reason}`);
    if (s.skipped.length > shown.length) lines.push(`  ... and ${s.skipped.length - shown.length} more skipped`);
    for (const e of s.errors) lines.push(`  error: ${e}`);
  }
  return lines.join('\n') + '\n';
}
