import { InvalidPaper, normalizePaper, type PaperRecord } from './normalize.js';
import type { PaperInput } from './paper.js';

export interface LineError {
  line: number;
  reason: string;
}

const MAX_LINE = 200_000;

/** One line of a JSON-lines file: its paper, why it was skipped, or null when blank. */
export function parsePaperLine(raw: string, line: number): PaperRecord | LineError | null {
  const s = raw.trim();
  if (!s) return null;
  if (s.length > MAX_LINE) return { line, reason: `line is longer than ${MAX_LINE} characters` };
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch (e) {
    return { line, reason: `not valid JSON (${(e as Error).message.slice(0, 80)})` };
  }
  try {
    return normalizePaper(value as PaperInput, 'import');
  } catch (e) {
    if (!(e instanceof InvalidPaper)) throw e;
    return { line, reason: e.message };
  }
}

const isError = (r: PaperRecord | LineError): r is LineError => 'reason' in r;

/** Parse JSON lines of papers. Bad lines are reported by number and reason; good ones are kept. */
export function parsePaperLines(text: string): { records: PaperRecord[]; errors: LineError[] } {
  const records: PaperRecord[] = [];
  const errors: LineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const r = parsePaperLine(raw, i + 1);
    if (r) (isError(r) ? errors : records).push(r as never);
  });
  return { records, errors };
}

export interface LineBatch {
  records: PaperRecord[];
  errors: LineError[];
  /** Lines read so far, this batch included. */
  lines: number;
}

/**
 * JSON lines as they stream in, `size` papers at a time: a 100k-paper file is never held whole,
 * only the batch being stored.
 */
export async function* paperLineBatches(lines: AsyncIterable<string>, size = 1_000): AsyncGenerator<LineBatch> {
  let batch: LineBatch = { records: [], errors: [], lines: 0 };
  let n = 0;
  for await (const raw of lines) {
    const r = parsePaperLine(raw, ++n);
    if (r) (isError(r) ? batch.errors : batch.records).push(r as never);
    if (batch.records.length >= size) {
      yield { ...batch, lines: n };
      batch = { records: [], errors: [], lines: n };
    }
  }
  if (batch.records.length || batch.errors.length) yield { ...batch, lines: n };
}
