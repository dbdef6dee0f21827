import { parseArgs } from 'node:util';
import { runIngest } from '../../src/sources/ingest.js';
import { isDay } from '../../src/sources/calendar.js';
import { formatIngestReport } from '../../src/sources/report.js';
import { openApp, UsageError } from '../open-app.js';

const USAGE = 'usage: paperbot ingest [--source arxiv|hf] [--date YYYY-MM-DD] [--json]';

/** `paperbot ingest`: fetch from the sources now. Exit 1 when a source failed entirely. */
export async function ingestCommand(args: string[]): Promise<number> {
  let values: { source?: string; date?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { source: { type: 'string' }, date: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.source !== undefined && values.source !== 'arxiv' && values.source !== 'hf') throw new UsageError(`--source must be arxiv or hf, got "${values.source}"\n${USAGE}`);
  if (values.date !== undefined && !isDay(values.date)) throw new UsageError(`--date must be a calendar date YYYY-MM-DD, got "${values.date}"\n${USAGE}`);

  const app = await openApp({ seed: false, syncIntervalMs: 0, quiet: true });
  try {
    const report = await runIngest(app, { source: values.source as 'arxiv' | 'hf' | undefined, date: values.date });
    process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatIngestReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}
