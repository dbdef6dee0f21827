/**
 * What the word-vector learner reads of a paper: its content words in order, title first, as the
 * search index keys them (so a learned vector lines up with an index term).
 */
import { analyze } from './analyzer.js';

export function contentWords(title: string, abstract: string): string[] {
  const out: string[] = [];
  for (const t of analyze(`${title}. ${abstract}`)) if (t.kind === 'word') out.push(t.term);
  return out;
}
