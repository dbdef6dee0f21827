import { InvalidPaper, normalizePaper, type PaperRecord } from './normalize.js';
import type { PaperInput } from './paper.js';

export interface LineError {
  line: number;
  reason: string;
}

const MAX_LINE = 200_000;

/** Parse JSON lines of papers. Bad lines are reported by number and reason; good ones are kept. */
export function parsePaperLines(text: string): { records: PaperRecord[]; errors: LineError[] } {
  const records: PaperRecord[] = [];
  const errors: LineError[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (line.length > MAX_LINE) {
      errors.push({ line: i + 1, reason: `line is longer than ${MAX_LINE} characters` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      errors.push({ line: i + 1, reason: `not valid JSON (${(e as Error).message.slice(0, 80)})` });
      return;
    }
    try {
      records.push(normalizePaper(value as PaperInput, 'import'));
    } catch (e) {
      if (!(e instanceof InvalidPaper)) throw e;
      errors.push({ line: i + 1, reason: e.message });
    }
  });
  return { records, errors };
}
