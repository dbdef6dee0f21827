// The card budget: one line a reader takes in at a glance, cut only where a sentence can end.
export const MAX_WORDS = 35;
export const MAX_CHARS = 240;

// Words a sentence cannot end on: cutting after them leaves it dangling.
const DANGLING = new Set(
  `a an the and or but nor of to in on at by for with from into onto via as than that which who whom whose where when while
  whereas because since if although though so such its their our his her this these those is are was were be been being
  has have had can could will would may might must should do does did not both either neither each every using based
  over under between among through without within across toward towards upon about after before during per vs e.g i.e
  we it they also further including namely like i.e., e.g., etc avg approx cf whether how what
  comparable similar competitive negligible minimal slight significant substantial better higher lower more less fewer
  meanwhile thereby hence thus then`.split(/\s+/),
);

// Places where a long sentence can stop and still be a sentence: before a relative, participial or
// coordinated clause, a colon list, a semicolon or a dash.
const CLAUSE_BREAK =
  /(?:;|:|\s(?:--|—|–)\s|,\s(?=(?:which|where|wherein|whereby|while|whereas|thus|thereby|hence|so that|such that|allowing|enabling|leading|resulting|yielding|making|achieving|providing|improving|reducing|outperforming|demonstrating|showing|suggesting|indicating|including|and|but|or|as well as|in which|for which|by which|through which|based on|using|with|without|via|by|namely|i\.e\.|e\.g\.|especially|particularly|even|both|as|because|since|although|though|given|compared|relative|instead|rather|respectively|[a-z]+ing)\b)|\s(?=(?:which|while|whereas|thereby|so that|such that|in order to)\b))/gi;

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth < 0) return false;
  }
  return depth === 0 && (text.match(/"/g)?.length ?? 0) % 2 === 0;
}

/**
 * Drop an unclosed bracket with what follows it and, for a cut text, trailing words that leave
 * the sentence hanging ("... and", "... of the").
 */
export function tidyEnd(text: string, cut = true): string {
  let out = text.trim();
  for (let guard = 0; guard < 200 && out; guard++) {
    out = out.replace(/[\s,;:\-–—(\[/&+]+$/, '');
    if (!balanced(out)) {
      const open = Math.max(out.lastIndexOf('('), out.lastIndexOf('['), out.lastIndexOf('"'));
      if (open <= 0) return out.replace(/[()[\]"]/g, '').trim();
      out = out.slice(0, open);
      continue;
    }
    const last = out.slice(out.lastIndexOf(' ') + 1);
    if (cut && DANGLING.has(last.toLowerCase().replace(/[.]$/, '')) && out.includes(' ')) {
      out = out.slice(0, out.lastIndexOf(' '));
      continue;
    }
    return out;
  }
  return out;
}

function words(text: string): number {
  return text ? text.split(' ').length : 0;
}

/** The last clause boundary that leaves at least minWords and fits the budget, or -1. */
function clauseCut(text: string, maxWords: number, maxChars: number, minWords: number): number {
  let best = -1;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m; m = CLAUSE_BREAK.exec(text)) {
    const n = words(text.slice(0, m.index).trim());
    if (m.index >= maxChars || n > maxWords) break;
    if (n >= minWords) best = m.index;
  }
  return best;
}

/** Any comma within the budget, when no clause boundary is: still better than mid-phrase. */
function lastCommaCut(text: string, maxWords: number, maxChars: number, minWords: number): number {
  let best = -1;
  for (let i = text.indexOf(', '); i > 0 && i < maxChars; i = text.indexOf(', ', i + 1)) {
    const n = words(text.slice(0, i));
    if (n > maxWords) break;
    if (n >= minWords) best = i;
  }
  return best;
}

// Scripts written without spaces: every character boundary is a word boundary.
const UNSPACED = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]/;

function withPeriod(text: string): string {
  if (!text) return '';
  return /[.!?\u3002\uff01\uff1f]["')\]]?$/.test(text) ? text : `${text}.`;
}

/**
 * One line within the budget, cut only at word boundaries, ending as a sentence: the whole text
 * when it fits; else up to the last clause boundary that fits; else the longest tidy prefix.
 */
export function fitTldr(text: string, maxWords = MAX_WORDS, maxChars = MAX_CHARS, minWords = 6): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return '';
  const whole = withPeriod(tidyEnd(t, !/[.!?]["')\]]?$/.test(t)));
  if (words(whole) <= maxWords && whole.length <= maxChars) return whole;

  let cut = clauseCut(t, maxWords, maxChars - 1, minWords);
  if (cut < 0) cut = lastCommaCut(t, maxWords, maxChars - 1, minWords);
  if (cut > 0) {
    const head = tidyEnd(t.slice(0, cut));
    if (words(head) >= minWords) return withPeriod(head);
  }

  const parts = t.split(' ').slice(0, maxWords);
  while (parts.length && parts.join(' ').length > maxChars - 1) parts.pop();
  let out = tidyEnd(parts.join(' '));
  if (!out && UNSPACED.test(t)) {
    // One long run of CJK text: end at its last comma-like mark within the budget, else at the budget.
    const budget = t.slice(0, maxChars - 1);
    const mark = Math.max(budget.lastIndexOf('\uff0c'), budget.lastIndexOf('\u3001'), budget.lastIndexOf(','));
    out = (mark > 20 ? budget.slice(0, mark) : budget).trim();
  }
  return withPeriod(out);
}
