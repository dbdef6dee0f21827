// What a reader would call garbled in a stored title or abstract, and a TeX-blind way to tell
// whether stored text still says what the source wrote. Used by `npm run check:real`.

/**
 * Text outside the `$...$` spans kept verbatim as TeX (they hold a command): those are not
 * damage. A span with no command left in it ("$z sim 0.3$") is checked like any text.
 */
function outsideMath(s: string): string {
  return s.replace(/(?<!\\)\$[^$]*(?<!\\)\$/g, (m) => (m.includes('\\') ? ' ' : m));
}

// TeX names a reader would see spelled out once the backslash is gone ("leq", "varepsilon");
// Greek letter names and "partial" are English words too ("a delta condition", "H-alpha").
const SPELLED = /(?<![\w-])(?:varepsilon|vartheta|varphi|rightarrow|leftarrow|Rightarrow|Leftrightarrow|mapsto|leq|geq|neq|lesssim|gtrsim|simeq|infty|cdots|ldots|otimes|oplus|mathbb|mathcal)(?![\w-])/;

/** An odd number of `$` is damage unless one of them is money ("awarded $35,000"). */
function unbalancedDollars(s: string): boolean {
  const n = (s.match(/(?<!\\)\$/g) ?? []).length;
  return n % 2 === 1 && !/(?:^|[\s(])\$\d/.test(s);
}

/** Each detector names one kind of leftover a reader sees. */
export const DAMAGE: Array<{ name: string; test: (s: string) => boolean }> = [
  { name: 'leftover \\command', test: (s) => /\\[A-Za-z]+/.test(outsideMath(s)) },
  { name: 'mathfrak/mathcal/mathbb', test: (s) => /math(?:frak|cal|bb|rm|bf|scr|sf|it)/.test(outsideMath(s)) },
  { name: 'frac', test: (s) => /(?<![A-Za-z])[dt]?frac(?![a-z])/.test(outsideMath(s)) },
  { name: 'bare sim', test: (s) => /(?<![\w-])sim(?![\w-])/.test(outsideMath(s)) },
  { name: 'spelled-out symbol', test: (s) => SPELLED.test(outsideMath(s)) },
  { name: 'unbalanced $', test: unbalancedDollars },
  { name: 'stray backslash', test: (s) => /\\/.test(outsideMath(s)) },
  { name: 'character reference', test: (s) => /&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});/i.test(s) },
];

/** Names of the detectors that fire on a stored text (empty: readable). */
export function texDamage(s: string): string[] {
  return DAMAGE.filter((d) => d.test(s)).map((d) => d.name);
}

/** Does the source text use TeX or character references at all? */
export function hasMarkup(s: string): boolean {
  return /[\\$~{}]|&#?\w+;/.test(s);
}

/**
 * The letters and digits a text spells, TeX commands dropped, sorted: equal skeletons mean
 * nothing was lost or added ("z sim 0.3" against `$z \sim 0.3$` is not equal; "z ∼ 0.3" is).
 * NFKD folds 𝔥, ℝ and ₛ to their letters; letters outside ASCII (α, ı, ø) are left out on
 * both sides, since the source spells them as commands.
 */
// Commands that spell letters a reader sees: \log is "log", \'{\i} is "í", \AA is "Å".
const SPELLING = /\\(log|ln|exp|sin|cos|tan|tanh|max|min|arg|lim|sup|inf|det|dim|ker|gcd|Pr|LaTeX|TeX)(?![A-Za-z])|\\(AA|aa|i|j)(?![A-Za-z])/g;

export function skeleton(s: string): string {
  return s
    .replace(SPELLING, (_m, word?: string, letter?: string) => ` ${word ?? letter!.slice(0, 1)} `)
    .replace(/\\[A-Za-z]+|\\./g, ' ')
    .replace(/ℓ/g, ' ')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .split('')
    .sort()
    .join('');
}

/** A tilde after a space and before a number means "approximately": it must survive (`Fig.~3` is a tie). */
function approxTildes(s: string): number {
  return (s.match(/(?<=^|[\s([])[~∼]\s?(?=\d)/g) ?? []).length;
}

export const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Is the stored text a faithful, readable rendering of what the source wrote? Plain source text
 * must come back exactly; text with TeX must keep every letter and digit, add none, keep its
 * approximate tildes and show no damage.
 */
export function textMatches(stored: string, source: string): boolean {
  const want = collapse(source);
  if (!hasMarkup(want)) return collapse(stored) === want;
  return skeleton(stored) === skeleton(want) && approxTildes(stored) >= approxTildes(want) && texDamage(stored).length === 0;
}
