// Source text arrives with line breaks, TeX commands and stray braces; cards need plain text.

import { decodeHTMLStrict } from 'entities';
import { texToText } from './tex.js';

// Bidi embeddings, overrides, isolates and marks reorder what a reader sees: "safe\u202Egnp.exe"
// shows as "safeexe.png". Nothing a paper or a command needs; removed wherever text comes in.
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, '');
}

// Formatting commands whose backslash was lost upstream: `textit{O}bstacles`.
const BARE_FORMAT = /(?<![\\A-Za-z])(?:textit|textbf|texttt|textsc|textrm|textsf|emph|mathrm|mathbf|mathit|mathcal|mathbb|text|underline)\{([^{}]*)\}/g;

/**
 * Plain, single-line text from a title, abstract or name. Character references (`&#239;`,
 * `&amp;`) are decoded here and only here, once: the XML parser leaves them alone, so
 * `&amp;lt;` ends as `&lt;`. Bidi controls go after decoding (`&#x202E;` is one too). Then TeX
 * becomes text (src/papers/tex.ts).
 */
export function cleanText(input: string): string {
  const s = stripBidi(decodeHTMLStrict(input)).normalize('NFC').replace(BARE_FORMAT, '$1');
  return texToText(s).normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Case- and accent-free: NFKD splits "é" into "e" and a mark, which goes; other than letters and digits, one space. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** For ids and duplicate checks: lower case, letters and digits only. */
export function normalizeTitle(title: string): string {
  return foldText(cleanText(title));
}
