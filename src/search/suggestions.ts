/**
 * What to try when nothing matched: library words close to the words searched, or else the library's
 * most common acronyms, so a reply never ends at "no results".
 */
import type { AcronymDictionary } from './acronyms.js';
import type { Vocabulary } from './typos.js';

export function suggestionsFor(words: string[], vocab: Vocabulary, acronyms: AcronymDictionary): string[] {
  const out = new Set<string>();
  for (const w of words) {
    for (const n of vocab.near(w, Math.min(3, Math.max(1, Math.floor(w.length / 3))), 1).slice(0, 2)) out.add(n.word);
  }
  if (out.size === 0) for (const a of acronyms.top(3)) out.add(a.short);
  return [...out].slice(0, 3);
}
