// Source text arrives with line breaks, TeX commands and stray braces; cards need plain text.

const TEX_ACCENTS: Record<string, string> = { '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', c: '\u0327' };

// Bidi embeddings, overrides, isolates and marks reorder what a reader sees: "safe\u202Egnp.exe"
// shows as "safeexe.png". Nothing a paper or a command needs; removed wherever text comes in.
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, '');
}

/** Plain, single-line text from a title or abstract. */
export function cleanText(input: string): string {
  let s = stripBidi(input).normalize('NFC');
  // {https://...} or \url{...} -> the URL itself
  s = s.replace(/\\(?:url|href)\{([^}]*)\}(?:\{([^}]*)\})?/g, (_m, url: string, label?: string) => label ?? url);
  s = s.replace(/\{(https?:\/\/[^}\s]+)\}/g, '$1');
  s = s.replace(/~?\\(?:cite|citep|citet|ref|eqref|label)\{[^}]*\}/g, '');
  // accents such as \"{o}, \'e or \c{c}
  s = s.replace(/\\(?:(["'`^~])\{?([A-Za-z])\}?|(c)\{([A-Za-z])\})/g, (_m, a1?: string, c1?: string, a2?: string, c2?: string) => ((c1 ?? c2 ?? '') + (TEX_ACCENTS[a1 ?? a2 ?? ''] ?? '')).normalize('NFC'));
  // formatting commands with their argument kept: \textit{O}, textit{O} (backslash lost upstream), \emph{x}
  s = s.replace(/\\?\b(?:textit|textbf|texttt|textsc|textrm|textsf|emph|mathrm|mathbf|mathit|mathcal|mathbb|text|underline)\{([^{}]*)\}/g, '$1');
  // escaped specials: \% \& \_ \# \$
  s = s.replace(/\\([%&_#$])/g, '$1');
  s = s.replace(/~/g, ' ');
  // a remaining bare command like \alpha keeps its name
  s = s.replace(/\\([A-Za-z]+)\b/g, '$1');
  // braces used only for grouping: {LoRA} -> LoRA
  s = s.replace(/\{([^{}]*)\}/g, '$1');
  s = s.replace(/\s+/g, ' ').trim();
  return s;
}

/** For ids and duplicate checks: lower case, letters and digits only. */
export function normalizeTitle(title: string): string {
  return cleanText(title)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
