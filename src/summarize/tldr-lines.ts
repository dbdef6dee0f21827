// `paperbot tldr`: one JSON line {title, abstract} in, one {tldr} line out. Pure, so the command
// only moves bytes; no database is opened for it.
import { summarize } from './extractive.js';

/** Longer lines are refused unread: a real abstract is a few kilobytes. */
export const MAX_TLDR_LINE = 1_000_000;

export interface TldrLineResult {
  /** The JSON line to print (without newline). */
  output: string;
  /** Why the line was malformed; it still gets an output line ({"tldr":""}) to keep the order. */
  error?: string;
}

const EMPTY = JSON.stringify({ tldr: '' });

export function tldrForLine(line: string, options: { keyResult?: boolean } = {}): TldrLineResult {
  if (line.length > MAX_TLDR_LINE) return { output: EMPTY, error: `line is longer than ${MAX_TLDR_LINE} characters` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { output: EMPTY, error: `not valid JSON (${(e as Error).message.slice(0, 80)})` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { output: EMPTY, error: 'expected a JSON object {title, abstract}' };
  const { title, abstract } = value as { title?: unknown; abstract?: unknown };
  if (typeof abstract !== 'string') return { output: EMPTY, error: abstract === undefined ? 'missing "abstract"' : '"abstract" is not a string' };
  if (title !== undefined && title !== null && typeof title !== 'string') return { output: EMPTY, error: '"title" is not a string' };
  const s = summarize({ title: typeof title === 'string' ? title : '', abstract });
  const out: { tldr: string; keyResult?: string | null } = { tldr: s.tldr ?? '' };
  if (options.keyResult) out.keyResult = s.keyResult;
  return { output: JSON.stringify(out) };
}
