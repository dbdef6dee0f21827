import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/papers/clean.js';

// Each pattern the real arXiv and Hugging Face captures showed, written here in our own words.
describe('TeX in titles and abstracts becomes readable text', () => {
  it.each([
    ['galaxies at $z \\sim 0.3$ show', 'galaxies at z ∼ 0.3 show'],
    ['the $\\mathcal{U}(\\mathfrak{h})$-finite part', 'the 𝒰(𝔥)-finite part'],
    ['decays $D_{(s)}^{+}\\rightarrow\\pi^{+}$ are rare', 'decays D₍ₛ₎⁺→π⁺ are rare'],
    ['about $\\frac{11}{5}n$ edges', 'about 11/5n edges'],
    ['with $\\alpha \\leq 2 \\times 10^{-3}$ error', 'with α ≤ 2 × 10⁻³ error'],
    ['for smooth $f\\colon\\mathbb R^n\\to\\mathbb R$', 'for smooth f:ℝⁿ→ℝ'],
    ['a gain of $\\sqrt{n+1}$', 'a gain of √(n+1)'],
    ['the model ($\\epsilon_1$-close)', 'the model (ϵ₁-close)'],
  ])('math that has a plain form: %j', (tex, text) => {
    expect(cleanText(tex)).toBe(text);
  });

  it('keeps math that cannot be made plain verbatim between $, never half-stripped', () => {
    expect(cleanText('the correlation $\\int_{1}^{X}\\Delta(\\theta x)\\,dx$ grows')).toBe('the correlation $\\int_{1}^{X}\\Delta(\\theta x)\\,dx$ grows');
    expect(cleanText('a sequence $\\langle \\kappa_\\alpha : \\alpha < \\omega_2 \\rangle$ here')).toBe('a sequence $\\langle \\kappa_\\alpha : \\alpha < \\omega_2 \\rangle$ here');
    expect(cleanText('$\\begin{cases} 1, & x<0 \\end{cases}$')).toBe('$\\begin{cases} 1, & x<0 \\end{cases}$');
  });

  it('keeps ~ that means "approximately" and turns the TeX tie into a space', () => {
    expect(cleanText('in ~70% of cases')).toBe('in ~70% of cases');
    expect(cleanText('roughly ~ 5 times faster')).toBe('roughly ~ 5 times faster');
    expect(cleanText('as in Fig.~3 and Table~\\ref{t:main}')).toBe('as in Fig. 3 and Table');
    expect(cleanText('launched with Artemis~1 (~2 tons)')).toBe('launched with Artemis 1 (~2 tons)');
    expect(cleanText('shown by Smith~et al.')).toBe('shown by Smith et al.');
  });

  it('turns a link into "label (url)" so the URL stays for the code-link detector', () => {
    expect(cleanText('Code is \\href{https://github.com/x/y}{here}.')).toBe('Code is here (https://github.com/x/y).');
    expect(cleanText('see \\url{https://x.org/y}')).toBe('see https://x.org/y');
    expect(cleanText('at \\href{https://github.com/a/b}{https://github.com/a/b}')).toBe('at https://github.com/a/b');
  });

  it('reduces formatting commands and font switches to their content', () => {
    expect(cleanText('humans {\\it vs.} machines')).toBe('humans vs. machines');
    expect(cleanText('a \\textbf{bold} and \\emph{strong} claim, {\\bf really}')).toBe('a bold and strong claim, really');
    expect(cleanText('three critical textit{O}bstacles')).toBe('three critical Obstacles');
  });

  it('writes accents and special letters as Unicode, with no stray backslash', () => {
    expect(cleanText("Bolet\\'{\\i}n de la Sociedad")).toBe('Boletín de la Sociedad');
    expect(cleanText('Schr\\"{o}dinger and Schr\\"odinger')).toBe('Schrödinger and Schrödinger');
    expect(cleanText("Vavry\\v{c}uk, Kad{\\i}o\\u{g}lu, Pawe{\\l}, Holb{\\ae}k, Mar{\\aa}k, \\c{C}elik")).toBe('Vavryčuk, Kadıoğlu, Paweł, Holbæk, Maråk, Çelik');
    expect(cleanText('at 8542 {\\AA} and 360{\\deg}')).toBe('at 8542 Å and 360°');
  });

  it('unescapes \\% \\& \\_ and drops citations', () => {
    expect(cleanText('improves by 4.2\\% on head \\& neck, see~\\cite{a,b}.')).toBe('improves by 4.2% on head & neck, see.');
  });

  it('leaves a lone dollar (money) and plain text alone', () => {
    expect(cleanText('awarded $35,000 in total')).toBe('awarded $35,000 in total');
    expect(cleanText('A plain title: no TeX at all')).toBe('A plain title: no TeX at all');
  });
});

describe('character references are decoded exactly once', () => {
  it.each([
    ['Na&#239;ve Bayes', 'Naïve Bayes'],
    ['&#x3B1;-divergence', 'α-divergence'],
    ['Q&amp;A &eacute;t&eacute;', 'Q&A été'],
    ['the &amp;lt;mask&amp;gt; token', 'the &lt;mask&gt; token'],
    ['AT&T and R&D stay', 'AT&T and R&D stay'],
  ])('%j -> %j', (raw, text) => {
    expect(cleanText(raw)).toBe(text);
  });
});
