import type { PaperInput } from '../papers/paper.js';

/** One paper as a source described it, before normalizePaper validates it. */
export interface SourceEntry {
  /** How the report names it: `2401.00001v2`. */
  ref: string;
  /** Fields may be missing or wrong: normalizePaper says which, and the entry is skipped. */
  input: Partial<PaperInput>;
  links?: { abs?: string; pdf?: string; doi?: string };
}

/** An entry left out, and why (shown in the ingest report). */
export interface Skip {
  id?: string;
  reason: string;
}

/** A response that is not the document it should be (HTML error page, truncated XML, wrong JSON). */
export class MalformedResponse extends Error {
  override name = 'MalformedResponse';
}

// NUL and other C0 controls are legal in JSON strings but refused by PostgreSQL text columns:
// one of them would fail the whole batch, so they go before anything reaches the store.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function sourceText(s: string): string {
  return s.replace(CONTROL, ' ');
}
