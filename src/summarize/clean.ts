// Abstracts arrive with TeX, citations, URLs and footnote debris. A TL;DR must be plain prose,
// so this is stricter than papers/clean.ts: math that is not a short name is dropped.
import { cleanText } from '../papers/clean.js';

const INLINE_MATH = /\$\$([^$]{0,400})\$\$|\$([^$]{0,200})\$|\\\(([^]{0,200}?)\\\)/g;
const CITE = /\\(?:cite[a-z]*|ref|eqref|autoref|cref|Cref|label|footnote)\*?(?:\[[^\]]*\])*\{[^}]*\}/g;
// [12], [3, 4], [5-7], [Smith et al., 2020]; not [CLS] or [0, 1] intervals with text before "in".
const BRACKET_CITE = /\s?\[(?:\d+(?:\s*[-–,]\s*\d+)*|[A-Z][A-Za-z-]+(?: et al\.?)?,? \d{4}[a-z]?(?:;[^\]]{0,80})?)\]/g;
// (Smith et al., 2020), (Smith, 2019; Doe and Roe 2020), (Vaswani et al. 2017)
const PAREN_CITE =
  /\s?\((?:e\.g\.,?\s*|see\s+)?[A-Z][A-Za-z'-]+(?:\s(?:et al\.?|and|&)\s?[A-Z]?[A-Za-z'-]*)?,?\s\d{4}[a-z]?(?:[;,]\s*[A-Z][A-Za-z'-]+(?:\s(?:et al\.?|and|&)\s?[A-Z]?[A-Za-z'-]*)?,?\s\d{4}[a-z]?)*\)/g;
const URL = /(?:\s(?:at|from|on|in|via|see|here):?)?\s?(?:https?:\/\/|www\.)[^\s)\]}>]*[^\s)\]}>.,;:!?'"]/gi;
const TEX_ENV = /\\(?:begin|end)\{[^}]*\}/g;
const TEX_LINEBREAK = /\\\\|\\newline|\\par\b/g;
// TeX that lost its backslashes upstream ("leftlfloor L times rightrfloor", "7 sim 70").
const BARE_TEX = /\b(?:left|right)?(?:lfloor|rfloor|lceil|rceil|langle|rangle)\b|\b(?:left|right)(?=[([|])/g;
const BARE_SIM = /(\d)\s+sim\s+(\d)/g;
const BARE_TIMES = /(\d)\s?times\b(?=\s+(?:faster|slower|speed|fewer|less|more|smaller|larger|higher|lower|over|than|improvement|reduction|compression|throughput|acceleration)\b|[,.;)])|(\d)times\b/g;
// Markdown emphasis and code from web sources: **R2R**, *very*, `code`.
const MARKDOWN = /(\*\*|__|`)(?=\S)([^*_`]{1,120}?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]{1,80}?)(?<=\S)\*(?![\w*])/g;

// Commands inside math that read as words: Greek letters and named functions.
const MATH_WORDS = new Set(
  'alpha beta gamma delta epsilon varepsilon zeta eta theta lambda mu nu xi pi rho sigma tau phi varphi chi psi omega Gamma Delta Theta Lambda Sigma Phi Psi Omega log exp max min sup inf lim sin cos tanh det arg'.split(' '),
);

/** A math span as text when it is a simple name or number ("$k$" -> "k", "$O(n)$" -> "O(n)"); otherwise nothing. */
function mathAsText(body: string): string {
  const text = body
    .replace(/\\(?:mathrm|mathbf|mathit|mathcal|mathbb|text|textrm|operatorname|boldsymbol)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\(?:left|right|,|;|!|quad)/g, '')
    .replace(/\\(?:times|cdot)/g, 'x')
    .replace(/\\(?:sim|approx)/g, '~')
    .replace(/\\(?:leq|le)\b/g, '<=')
    .replace(/\\(?:geq|ge)\b/g, '>=')
    .replace(/\\%/g, '%')
    .replace(/\\([A-Za-z]+)/g, (m, name: string) => (MATH_WORDS.has(name) ? name : m))
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // Greek letters and other commands are not words a reader can use in one line.
  if (!text || /\\|[\^_]/.test(text) || text.length > 24) {
    // "$\sim$50%" or "$2\times$": keep the number, the rest is notation.
    const n = text.match(/^[~<>=]*\s*\d+(?:\.\d+)?\s*[x%]?$/);
    return n ? n[0] : '';
  }
  return text;
}

/** Plain one-line text for summarizing: no TeX, citations, URLs or footnote marks. */
export function cleanAbstract(raw: string): string {
  if (!raw) return '';
  let s = raw;
  // Each pass runs only when its trigger character is present: most abstracts need few of them,
  // and this runs for every paper that arrives.
  const tex = s.includes('\\');
  if (tex || s.includes('$')) {
    s = s.replace(CITE, '').replace(TEX_ENV, ' ').replace(TEX_LINEBREAK, ' ');
    s = s.replace(INLINE_MATH, (_m, a?: string, b?: string, c?: string) => mathAsText(a ?? b ?? c ?? ''));
    s = s.replace(/\\(ie|eg|etal)\b\.?/g, (_m, w: string) => (w === 'etal' ? 'et al.' : `${w[0]}.${w[1]}.`));
  }
  s = tex || /[{}~]/.test(s) ? cleanText(s) : s.replace(/\s+/g, ' ').trim();
  // "development.In this paper": a sentence end that lost its space upstream
  s = s.replace(/([a-z]{2})\.([A-Z][a-z])/g, '$1. $2');
  if (/floor|ceil|angle|(?:left|right)[([|]| sim /.test(s)) s = s.replace(BARE_TEX, '').replace(BARE_SIM, '$1-$2');
  if (s.includes('times')) s = s.replace(BARE_TIMES, (_m, a?: string, b?: string) => `${a ?? b}x`);
  if (/[*`]|__/.test(s)) s = s.replace(MARKDOWN, (_m, _d, a?: string, b?: string) => a ?? b ?? '');
  if (s.includes('://') || s.includes('www.')) s = s.replace(URL, '');
  if (s.includes('[')) s = s.replace(BRACKET_CITE, '');
  if (/\(\D{0,80}\d{4}/.test(s)) s = s.replace(PAREN_CITE, '');
  // a parenthesis emptied by the removals above, and spaces before punctuation
  s = s.replace(/\(\s*[,;]?\s*\)/g, '').replace(/\s+([,.;:!?])/g, '$1');
  return s.replace(/\s{2,}/g, ' ').trim();
}
