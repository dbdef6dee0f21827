// What a paperbot process counts, for Prometheus. One registry per App (never prom-client's global
// one), so tests and several apps in one process never share counts. Recording is a label lookup
// and an add: cheap enough for every command and every message.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type JobOutcome = 'completed' | 'failed';
/** What the platform said to one post: see src/delivery/poster.ts for the error kinds. */
export type DeliveryOutcome = 'posted' | 'rate_limited' | 'transient' | 'permanent' | 'unknown';
export type IngestOutcome = 'new' | 'updated' | 'skipped';

export interface Metrics {
  registry: Registry;
  /** Seconds from a `/papers ...` text to its Reply (the core's part; platform round trips excluded). */
  commandDuration: Histogram<'platform' | 'command'>;
  /** Jobs finished, per queue: completed, or failed for good (no retry left). */
  jobs: Counter<'queue' | 'outcome'>;
  /** Posts to a chat platform (digest messages), by what the platform answered. */
  deliveries: Counter<'platform' | 'outcome'>;
  /** Papers the sources delivered, by what storing them did. */
  ingestPapers: Counter<'source' | 'outcome'>;
  /** Papers in this process's search index (read at scrape time). */
  indexPapers: Gauge;
}

export interface MetricsOptions {
  /** Read when /metrics is scraped. */
  indexSize?: () => number;
}

// Commands answer in milliseconds to a few seconds (100k-paper searches under load).
const COMMAND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const indexSize = options.indexSize;
  return {
    registry,
    commandDuration: new Histogram({
      name: 'paperbot_command_duration_seconds',
      help: 'Time to answer a /papers command in the core, by platform and command kind',
      labelNames: ['platform', 'command'],
      buckets: COMMAND_BUCKETS,
      registers,
    }),
    jobs: new Counter({ name: 'paperbot_jobs_total', help: 'Jobs finished, by queue and outcome (completed, or failed with no retry left)', labelNames: ['queue', 'outcome'], registers }),
    deliveries: new Counter({ name: 'paperbot_deliveries_total', help: 'Digest messages sent to a chat platform, by platform and what it answered', labelNames: ['platform', 'outcome'], registers }),
    ingestPapers: new Counter({ name: 'paperbot_ingest_papers_total', help: 'Papers fetched from a source, by source and outcome (new, updated, skipped)', labelNames: ['source', 'outcome'], registers }),
    indexPapers: new Gauge({
      name: 'paperbot_search_index_papers',
      help: 'Papers in this process\'s search index',
      registers,
      collect() {
        if (indexSize) this.set(indexSize());
      },
    }),
  };
}

const withDefaults = new WeakSet<Registry>();

/** Node's process metrics (CPU, memory, event loop lag, GC) on this registry; once per registry. */
export function collectProcessMetrics(metrics: Metrics): void {
  if (withDefaults.has(metrics.registry)) return;
  withDefaults.add(metrics.registry);
  collectDefaultMetrics({ register: metrics.registry });
}

/** An ingest run's per-source figures (src/sources/report.ts SourceReport). */
export function recordIngest(metrics: Metrics, source: string, r: { stored: { new: number; updated: number }; skipped: unknown[] }): void {
  if (r.stored.new) metrics.ingestPapers.inc({ source, outcome: 'new' }, r.stored.new);
  if (r.stored.updated) metrics.ingestPapers.inc({ source, outcome: 'updated' }, r.stored.updated);
  if (r.skipped.length) metrics.ingestPapers.inc({ source, outcome: 'skipped' }, r.skipped.length);
}
