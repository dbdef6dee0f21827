// "-term", "NOT term", "NOT \"a phrase\"" (and -"a phrase"): what a query or a topic leaves out.
// One parser for the search engine (query-plan.ts) and the digest's topic check (digest/pick.ts),
// so a topic excludes the same papers in search, preview and digest. NOT is upper case, as in
// search engines: "lora not diffusion" is three words to look for.

const QUOTED = String.raw`"([^"\u201c\u201d]{1,200})"|\u201c([^"\u201c\u201d]{1,200})\u201d|'([^']{1,200})'`;
const WORD = String.raw`([\p{L}\p{N}][\p{L}\p{N}-]*)`;
const NEGATION = new RegExp(String.raw`(^|\s)(?:-|NOT\s+)(?:${QUOTED}|${WORD})(?=$|[\s,;)])`, 'gu');

export interface SplitQuery {
  /** The query without its exclusions. */
  text: string;
  /** What is left out, as typed: a word, a hyphenated word or a phrase. */
  excluded: string[];
}

export function splitExclusions(query: string): SplitQuery {
  const excluded: string[] = [];
  const text = query.replace(NEGATION, (_m, lead: string, ...groups: Array<string | undefined>) => {
    const what = groups.slice(0, 4).find((g) => g !== undefined)?.trim();
    if (what && /[\p{L}\p{N}]/u.test(what)) excluded.push(what);
    return lead;
  });
  return { text, excluded };
}
