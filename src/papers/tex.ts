// TeX in titles, abstracts and author names -> text a reader can read. The symbol knowledge
// (\sim -> ∼, \"o -> ö, \mathfrak{h} -> 𝔥, 4,600 entries) is unicode2latex's table; the scanner
// is ours because abstracts are not documents: `%` means percent, `~70%` means approximately,
// and the TeX parsers we measured cost milliseconds an abstract (docs/ingestion.md).
import { combining, latex2unicode } from 'unicode2latex';

type Entry = string | { text?: string; math?: string };
const TABLE = latex2unicode as Record<string, Entry>;
const ACCENTS = combining.tounicode as Record<string, string>;

// Formatting with one argument: the content stays.
const CONTENT = new Set(['textit', 'textbf', 'texttt', 'textsc', 'textrm', 'textsf', 'textsl', 'textup', 'textnormal', 'emph', 'underline', 'text', 'mbox', 'hbox', 'textmd', 'mathrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathnormal', 'boldsymbol', 'bm', 'operatorname', 'uline', 'texorpdfstring']);
// Font switches and sizes inside a group: `{\it vs.}` -> `vs.`.
const SWITCHES = new Set(['it', 'bf', 'em', 'rm', 'sc', 'tt', 'sl', 'sf', 'itshape', 'bfseries', 'scshape', 'ttfamily', 'rmfamily', 'sffamily', 'upshape', 'mdseries', 'normalfont', 'small', 'footnotesize', 'scriptsize', 'tiny', 'large', 'Large', 'LARGE', 'huge', 'Huge', 'normalsize', 'displaystyle', 'textstyle', 'scriptstyle', 'noindent', 'centering', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'bigm', 'Bigm', 'limits', 'nolimits', 'xspace', 'relax', 'protect', 'ensuremath']);
// References a reader cannot follow: dropped with their argument.
const DROPPED = new Set(['cite', 'citep', 'citet', 'citealp', 'ref', 'eqref', 'label', 'footnote', 'thanks', 'vspace', 'hspace', 'index']);
const LETTER_FONTS = new Set(['mathcal', 'mathscr', 'mathfrak', 'mathbb', 'mathds', 'mathbbm']);
const SPACES: Record<string, string> = { ',': ' ', ';': ' ', ':': ' ', ' ': ' ', '!': '', quad: ' ', qquad: ' ', enspace: ' ', thinspace: ' ', '\\': ' ', newline: ' ', linebreak: ' ', par: ' ' };
const ESCAPES: Record<string, string> = { '%': '%', '&': '&', _: '_', '#': '#', $: '$', '{': '{', '}': '}', '|': '‖', '/': '' };
const WORDS: Record<string, string> = { ie: 'i.e.', eg: 'e.g.', etal: 'et al.', wrt: 'w.r.t.', LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX', ldots: '…', dots: '…', cdots: '⋯', textasciitilde: '~', textbackslash: '\\', i: 'ı', j: 'ȷ', colon: ':', lbrace: '{', rbrace: '}', vert: '|', Vert: '‖', mid: '|', lvert: '|', rvert: '|' };
const MATH_ACCENTS: Record<string, string> = { hat: '\u0302', widehat: '\u0302', tilde: '\u0303', widetilde: '\u0303', bar: '\u0304', overline: '\u0305', dot: '\u0307', ddot: '\u0308', vec: '\u20d7', check: '\u030c', breve: '\u0306' };
const FUNCTIONS = new Set(['log', 'ln', 'exp', 'sin', 'cos', 'tan', 'max', 'min', 'arg', 'argmax', 'argmin', 'lim', 'sup', 'inf', 'det', 'dim', 'ker', 'deg', 'gcd', 'Pr', 'tanh', 'sinh', 'cosh', 'sgn', 'softmax', 'mod', 'bmod', 'pmod', 'Tr', 'tr', 'diag', 'rank', 'poly', 'polylog']);

const SUP: Record<string, string> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', '*': '*', '′': '′', "'": '′', a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', k: 'ᵏ', m: 'ᵐ', o: 'ᵒ', p: 'ᵖ', t: 'ᵗ', x: 'ˣ', ' ': '' };
const SUB: Record<string, string> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ', ' ': '' };

/** Math that cannot be made plain: the caller keeps it verbatim between `$`. */
class NotPlain extends Error {}

// Math alphanumerics (𝜇 for \mu) read better as the plain letter; 𝒰 and ℝ are asked for by name.
const plainLetters = (s: string) => s.replace(/[\u{1D400}-\u{1D7FF}]/gu, (c) => c.normalize('NFKC'));

function lookup(key: string, math: boolean): string | undefined {
  const e = TABLE[key];
  if (e === undefined) return undefined;
  const v = typeof e === 'string' ? e : math ? (e.math ?? e.text) : (e.text ?? e.math);
  return v === undefined ? undefined : plainLetters(v);
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  get done() {
    return this.i >= this.s.length;
  }
  peek(k = 0) {
    return this.s[this.i + k];
  }
  skipSpaces() {
    while (/\s/.test(this.peek() ?? '')) this.i++;
  }
  /** `\name` or `\;` after the backslash. */
  macroName(): string {
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.i, this.i + 40));
    if (m) {
      this.i += m[0].length;
      return m[0];
    }
    return this.s[this.i++] ?? '';
  }
  /** The raw text of a `{...}` group (braces balanced) or of the next single character, or null. */
  rawArg(): string | null {
    const save = this.i;
    this.skipSpaces();
    if (this.peek() === '{') {
      let depth = 0;
      for (let j = this.i; j < this.s.length; j++) {
        if (this.s[j] === '\\') {
          j++;
          continue;
        }
        if (this.s[j] === '{') depth++;
        else if (this.s[j] === '}' && --depth === 0) {
          const inner = this.s.slice(this.i + 1, j);
          this.i = j + 1;
          return inner;
        }
      }
      this.i = save;
      return null;
    }
    if (this.peek() === '\\') {
      const start = this.i++;
      this.macroName();
      return this.s.slice(start, this.i);
    }
    if (this.done || this.peek() === '}') {
      this.i = save;
      return null;
    }
    return this.s[this.i++];
  }
}

/** Where the `$` closing the math that opens at `from` is, or -1. */
function closingDollar(s: string, from: number, double: boolean): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '$') return double ? (s[j + 1] === '$' ? j : -1) : j;
  }
  return -1;
}

function accent(mark: string, base: string): string {
  const letter = base === '\\i' ? 'i' : base === '\\j' ? 'j' : base;
  if (!/^\p{L}$/u.test(letter)) return letter;
  return (letter + mark).normalize('NFC');
}

/** Text mode: the whole title or abstract. */
function text(s: string): string {
  const sc = new Scanner(s);
  let out = '';
  while (!sc.done) {
    const c = sc.peek();
    if (c === '\\') {
      sc.i++;
      if (sc.peek() === '(' || sc.peek() === '[') {
        const close = sc.peek() === '(' ? '\\)' : '\\]';
        const end = s.indexOf(close, sc.i + 1);
        if (end > 0) {
          out += mathOrVerbatim(s.slice(sc.i + 1, end));
          sc.i = end + 2;
          continue;
        }
      }
      out += textMacro(sc);
    } else if (c === '$') {
      const double = sc.peek(1) === '$';
      const end = closingDollar(s, sc.i + (double ? 2 : 1), double);
      if (end < 0) {
        out += '$';
        sc.i++;
        continue;
      }
      out += mathOrVerbatim(s.slice(sc.i + (double ? 2 : 1), end));
      sc.i = end + (double ? 2 : 1);
    } else if (c === '~') {
      // `in ~70% of` is "approximately 70%"; after a word (`Fig.~3`, `Artemis~1`) `~` is TeX's
      // unbreakable space.
      const approx = /^$|[\s([]/.test(s[sc.i - 1] ?? '') && (/\d/.test(sc.peek(1) ?? '') || (sc.peek(1) === ' ' && /\d/.test(sc.peek(2) ?? '')));
      out += approx ? '~' : ' ';
      sc.i++;
    } else if (c === '{' || c === '}') {
      sc.i++;
    } else {
      out += c;
      sc.i++;
    }
  }
  return out;
}

function textMacro(sc: Scanner): string {
  const name = sc.macroName();
  if (name.length === 1 && name in ACCENTS) {
    const base = sc.rawArg();
    if (base === null) return '';
    return accent(ACCENTS[name], base.replace(/^\{|\}$/g, '').trim());
  }
  if (name in ESCAPES) return ESCAPES[name];
  if (name in SPACES) return SPACES[name];
  if (name in WORDS) return WORDS[name];
  // textcomp's degree sign (`360{\deg}`); in math \deg stays the operator.
  if (name === 'deg') return '°';
  if (name === 'href') {
    const url = sc.rawArg();
    const label = sc.rawArg();
    if (url === null) return '';
    const plainLabel = label === null ? '' : text(label).trim();
    return plainLabel && plainLabel !== url ? `${plainLabel} (${url})` : url;
  }
  if (name === 'url' || name === 'nolinkurl') return sc.rawArg() ?? '';
  if (DROPPED.has(name)) {
    sc.rawArg();
    return '';
  }
  if (CONTENT.has(name)) {
    const arg = sc.rawArg();
    return arg === null ? '' : text(arg);
  }
  if (SWITCHES.has(name)) return '';
  const symbol = lookup(`\\${name}`, false);
  if (symbol !== undefined) return symbol;
  // Math-only commands written outside `$` (\frac, \mathcal): as math if that works.
  const at = sc.i;
  try {
    return mathMacro(sc, name);
  } catch (e) {
    if (!(e instanceof NotPlain)) throw e;
    // An unknown command: its name is no word a reader knows; its argument, if any, stays.
    sc.i = at;
    return '';
  }
}

/** Inline math as plain text when every piece has a plain form, else verbatim between `$`. */
function mathOrVerbatim(inner: string): string {
  try {
    return math(inner).replace(/\s+/g, ' ').trim();
  } catch (e) {
    if (!(e instanceof NotPlain)) throw e;
    return `$${inner.replace(/\s+/g, ' ').trim()}$`;
  }
}

function math(s: string): string {
  const sc = new Scanner(s);
  let out = '';
  while (!sc.done) {
    const c = sc.peek();
    if (c === '\\') {
      sc.i++;
      out += mathMacro(sc, sc.macroName());
    } else if (c === '^' || c === '_') {
      sc.i++;
      const arg = sc.rawArg();
      if (arg === null) throw new NotPlain();
      out += script(math(arg), c === '^' ? SUP : SUB);
    } else if (c === '{' || c === '}') {
      sc.i++;
    } else if (c === '&' || c === '%' || c === '#') {
      throw new NotPlain();
    } else if (c === '~') {
      out += ' ';
      sc.i++;
    } else {
      out += c === '-' ? '−' : c;
      sc.i++;
    }
  }
  return out;
}

function script(s: string, map: Record<string, string>): string {
  const t = s.trim();
  if ([...t].every((ch) => ch in map)) return [...t].map((ch) => map[ch]).join('');
  // Already a superscript or prime: keep as written.
  if (/^[′″*∗†]+$/.test(t)) return t;
  throw new NotPlain();
}

/** 𝔥 for \mathfrak{h}, ℝ for \mathbb{R}; a letter the font lacks is not plain. */
function letterIn(font: string, ch: string): string {
  const e = TABLE[`\\${font}{${ch}}`];
  if (e !== undefined) return typeof e === 'string' ? e : (e.math ?? e.text ?? ch);
  if (/[A-Za-z0-9]/.test(ch)) throw new NotPlain();
  return ch;
}

function group(s: string): string {
  const t = math(s).trim();
  return /^[\p{L}\p{N}.]+$/u.test(t) || /^\(.*\)$/.test(t) ? t : `(${t})`;
}

function mathMacro(sc: Scanner, name: string): string {
  if (name in ESCAPES) return name === '|' ? '‖' : ESCAPES[name];
  if (name in SPACES) return SPACES[name];
  if (name in WORDS && name !== 'i' && name !== 'j') return WORDS[name];
  if (SWITCHES.has(name)) return '';
  if (FUNCTIONS.has(name)) return name.replace(/^(arg)(max|min)$/, '$1 $2');
  if (CONTENT.has(name)) {
    const arg = sc.rawArg();
    if (arg === null) throw new NotPlain();
    return name.startsWith('text') || name === 'mbox' ? text(arg) : math(arg);
  }
  if (LETTER_FONTS.has(name)) {
    const arg = sc.rawArg();
    if (arg === null) throw new NotPlain();
    const font = name === 'mathcal' ? 'mathscr' : name === 'mathds' || name === 'mathbbm' ? 'mathbb' : name;
    return [...arg.replace(/\s+/g, '')].map((ch) => letterIn(font, ch)).join('');
  }
  if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
    const a = sc.rawArg();
    const b = sc.rawArg();
    if (a === null || b === null) throw new NotPlain();
    return `${group(a)}/${group(b)}`;
  }
  if (name === 'sqrt') {
    const a = sc.rawArg();
    if (a === null) throw new NotPlain();
    return `√${group(a)}`;
  }
  if (name in MATH_ACCENTS) {
    // \hat{x}, \tilde{y}, \bar{z}: the letter with its combining mark.
    const a = sc.rawArg();
    if (a === null) throw new NotPlain();
    const base = math(a).trim();
    if ([...base].length !== 1) throw new NotPlain();
    return (base + MATH_ACCENTS[name]).normalize('NFC');
  }
  if (name === 'left' || name === 'right') {
    // `\left.` is an invisible delimiter.
    if (sc.peek() === '.') sc.i++;
    return '';
  }
  const symbol = lookup(`\\${name}`, true);
  if (symbol !== undefined && symbol !== '') return symbol;
  throw new NotPlain();
}

/** Plain text from TeX-flavoured source text; text without TeX comes back unchanged. */
export function texToText(s: string): string {
  if (!/[\\$~{}]/.test(s)) return s;
  // A dropped citation leaves "see ." behind (math kept verbatim is left as written).
  return text(s).replace(/(\$[^$]*\$)|\s+(?=[.,;:](?:\s|$))/g, (_m, math?: string) => math ?? '');
}
