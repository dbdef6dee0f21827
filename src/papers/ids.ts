import { createHash } from 'node:crypto';
import { normalizeTitle } from './clean.js';

export interface ArxivRef {
  id: string;
  version: number | null;
}

const NEW_STYLE = /(\d{4}\.\d{4,5})(?:v(\d+))?/;
const OLD_STYLE = /([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?/;

/** `arXiv:2106.09685v2`, `https://arxiv.org/abs/2106.09685`, `.../pdf/2106.09685v1.pdf` -> `{ id, version }`. */
export function parseArxivId(raw: string): ArxivRef | null {
  const s = raw.trim().replace(/^arxiv:/i, '');
  if (s.length > 300) return null;
  const m = s.match(new RegExp(`^(?:https?://(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/)?${NEW_STYLE.source}(?:\\.pdf)?/?$`))
    ?? s.match(new RegExp(`^(?:https?://(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/)?${OLD_STYLE.source}(?:\\.pdf)?/?$`));
  if (!m) return null;
  return { id: m[1], version: m[2] ? Number(m[2]) : null };
}

/** A stable id for a paper without an arXiv id: a hash of its normalized title. */
export function titleId(title: string): string {
  return 't-' + createHash('sha256').update(normalizeTitle(title)).digest('hex').slice(0, 12);
}
