import type { App } from '../src/app.js';
import { runIngest } from '../src/sources/ingest.js';
import { formatIngestReport, type IngestReport } from '../src/sources/report.js';

/** What the scheduler puts in an ingest job (both optional: the latest day of every source). */
export interface IngestJobData {
  /** 'vectors': re-learn the search's word vectors from the library (jobs/vectors-job.ts). */
  source?: 'arxiv' | 'hf' | 'all' | 'vectors';
  /** YYYY-MM-DD: arXiv listing day / HF featured day. */
  date?: string;
}

/** Thrown when a source failed entirely, so the queue retries (ingest is idempotent); carries the report. */
export class IngestJobFailed extends Error {
  constructor(readonly report: IngestReport) {
    super(`ingest failed:\n${formatIngestReport(report)}`);
    this.name = 'IngestJobFailed';
  }
}

/**
 * The scheduled ingest: a thin wrapper around runIngest. A bad `data` (unknown source, bad
 * date) throws IngestUsageError from runIngest: retrying it cannot help. `now`: the runner's clock.
 */
export async function ingestJob(app: App, data: IngestJobData = {}, now?: Date): Promise<IngestReport> {
  const report = await runIngest(app, { source: data.source === 'vectors' ? undefined : data.source, date: data.date, now });
  if (!report.ok) throw new IngestJobFailed(report);
  return report;
}
