// Key results and TL;DRs against the spans readers marked (keyresult-data.ts), per seeded half:
// given = a line was produced for an abstract with a result span; covers = at least half of the
// line's content words lie in one marked span (span-cover.ts). Baselines run in the same pass.
import { cleanAbstract } from '../src/summarize/clean.js';
import { summarize } from '../src/summarize/extractive.js';
import { splitSentences } from '../src/summarize/sentences.js';
import { coversSpan } from './span-cover.js';
import { halfOf, KEYRESULT_DATA, loadMarkedAbstracts, type MarkedAbstract } from './keyresult-data.js';

export const WE_PROPOSE = /\bwe\s+(?:propose|introduce|present)\b/i;

interface Lines {
  result: string | null;
  idea: string | null;
}

type Method = (a: MarkedAbstract, sentences: string[]) => Lines;

const same = (text: string | null): Lines => ({ result: text, idea: text });

const methods: Array<[string, Method]> = [
  ['last sentence', (_, s) => same(s.at(-1) ?? null)],
  ['first "we propose/introduce/present"', (_, s) => same(s.find((x) => WE_PROPOSE.test(x)) ?? s[0] ?? null)],
  ['ours (key result; TL;DR for the idea)', (a) => {
    const s = summarize({ title: '', abstract: a.abstract });
    return { result: s.keyResult, idea: s.tldr };
  }],
];

interface Tally {
  withResult: number;
  given: number;
  coversResult: number;
  withIdea: number;
  coversIdea: number;
}

function tally(rows: MarkedAbstract[], method: Method): Tally {
  const t: Tally = { withResult: 0, given: 0, coversResult: 0, withIdea: 0, coversIdea: 0 };
  for (const row of rows) {
    const lines = method(row, splitSentences(cleanAbstract(row.abstract)));
    if (row.spans.result.length > 0) {
      t.withResult++;
      if (lines.result) t.given++;
      if (coversSpan(lines.result, row.spans.result)) t.coversResult++;
    }
    if (row.spans.idea.length > 0) {
      t.withIdea++;
      if (coversSpan(lines.idea, row.spans.idea)) t.coversIdea++;
    }
  }
  return t;
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '-').padStart(7);

function printMisses(rows: MarkedAbstract[], count: number): void {
  let shown = 0;
  for (const row of rows) {
    if (shown >= count || row.spans.result.length === 0) continue;
    const s = summarize({ title: '', abstract: row.abstract });
    if (coversSpan(s.keyResult, row.spans.result)) continue;
    shown++;
    console.log(`\n# ${row.id}\n  key:    ${s.keyResult ?? '-'}\n  result: ${row.spans.result.join(' | ')}`);
  }
}

/** Prints the table for both halves; `misses` > 0 also prints that many dev-half misses. */
export function evalKeyResults(misses: number): void {
  const all = loadMarkedAbstracts();
  if (!all) {
    console.log(`\nskipped key results: no ${KEYRESULT_DATA}`);
    return;
  }
  const halves: Array<[string, MarkedAbstract[]]> = [
    ['dev', all.filter((a) => halfOf(a.id) === 'dev')],
    ['held-out', all.filter((a) => halfOf(a.id) === 'held-out')],
  ];
  console.log(`\nReader-marked abstracts: ${all.length} (${halves.map(([n, r]) => `${n} ${r.length}`).join(', ')}); covers = >= 50% of the line's content words in one marked span`);
  console.log(`${'method'.padEnd(40)} ${'half'.padEnd(9)} ${'given'.padStart(7)} ${'result'.padStart(7)} ${'idea'.padStart(7)}   (given and result: of abstracts with a result span; idea: with an idea span)`);
  for (const [name, method] of methods) {
    for (const [half, rows] of halves) {
      const t = tally(rows, method);
      console.log(`${name.padEnd(40)} ${half.padEnd(9)} ${pct(t.given, t.withResult)} ${pct(t.coversResult, t.withResult)} ${pct(t.coversIdea, t.withIdea)}`);
    }
  }
  if (misses > 0) printMisses(halves[0][1], misses);
}
