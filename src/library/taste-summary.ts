// `/papers taste` in plain words: the words that set the channel's liked and "less like this"
// papers apart from the library around them, and the papers themselves.
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { papers } from '../db/schema.js';
import type { Paper } from '../papers/paper.js';
import { STOP_WORDS } from '../search/stop-words.js';

/** Background papers the labelled ones are compared with: the most recent of the library. */
const BACKGROUND = 2_000;
const WORDS_SHOWN = 8;
/** Words every ML abstract uses: true of liked and disliked papers alike, so they say nothing. */
const GENERIC = new Set(
  'model models method methods approach approaches paper propose proposed results show shows task tasks data performance based using use used new novel existing work framework learning training trained large via towards toward experiments demonstrate state art significantly achieve achieves improve improves improved also however across while first two three different without within well can may'.split(
    ' ',
  ),
);

/** Plain words of a paper (title counted twice: it says what the paper is about), lower-cased, without stop words and numbers. */
function wordsOf(p: Pick<Paper, 'title' | 'abstract'>, each: (w: string) => void): void {
  for (const m of `${p.title} ${p.title} ${p.abstract}`.toLowerCase().matchAll(/\p{L}[\p{L}\p{N}]*(?:-\p{L}[\p{L}\p{N}]*)*/gu)) {
    const w = m[0];
    if (w.length >= 3 && !STOP_WORDS.has(w) && !GENERIC.has(w)) each(w);
  }
}

function counts(docs: Array<Pick<Paper, 'title' | 'abstract'>>): { tf: Map<string, number>; total: number } {
  const tf = new Map<string, number>();
  let total = 0;
  for (const d of docs)
    wordsOf(d, (w) => {
      tf.set(w, (tf.get(w) ?? 0) + 1);
      total++;
    });
  return { tf, total };
}

/**
 * The words most over-represented in `labelled` against `background`: each word's count in the
 * labelled papers times the log ratio of its rate there to its rate in the background (smoothed),
 * so a word must be both frequent in what the team marked and rarer elsewhere. A word said once
 * says nothing about a taste.
 */
export function distinctiveWords(labelled: Array<Pick<Paper, 'title' | 'abstract'>>, background: Array<Pick<Paper, 'title' | 'abstract'>>, k = WORDS_SHOWN): string[] {
  if (labelled.length === 0) return [];
  const mine = counts(labelled);
  const bg = counts(background);
  const scored: Array<[string, number]> = [];
  for (const [w, c] of mine.tf) {
    if (c < 2) continue;
    const ratio = Math.log(((c + 0.5) / (mine.total + 1)) / (((bg.tf.get(w) ?? 0) + 0.5) / (bg.total + 1)));
    if (ratio > 0) scored.push([w, c * ratio]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, k).map(([w]) => w);
}

/** The most recent papers of the library, the background the labelled papers are compared with. */
export async function backgroundPapers(db: Db, limit = BACKGROUND): Promise<Array<Pick<Paper, 'title' | 'abstract'>>> {
  return db
    .select({ title: papers.title, abstract: papers.abstract })
    .from(papers)
    .orderBy(sql`${papers.announcedAt} desc nulls last`, desc(papers.createdAt))
    .limit(limit);
}
