// npm run fit:key-result : fits FEATURE_WEIGHTS of src/summarize/key-result.ts on the dev half of
// the reader-marked abstracts (keyresult-data.ts), a conditional logit over each abstract's
// sentences where a sentence is right when its key-result line covers a marked result span.
// Prints the weights to paste, with a two-fold check inside the dev half. The held-out half is
// never read here.
import { cleanAbstract } from '../src/summarize/clean.js';
import { FEATURE_NAMES, mayBeResult, resultFeatures, resultLine } from '../src/summarize/key-result.js';
import { splitSentences } from '../src/summarize/sentences.js';
import { halfOf, KEYRESULT_DATA, loadMarkedAbstracts } from './keyresult-data.js';
import { coversSpan } from './span-cover.js';

interface Group {
  x: number[][];
  y: boolean[];
}

function groups(): Group[] {
  const all = loadMarkedAbstracts();
  if (!all) {
    console.log(`skipped: no ${KEYRESULT_DATA}`);
    process.exit(0);
  }
  return all
    .filter((a) => halfOf(a.id) === 'dev' && a.spans.result.length > 0)
    .map((a) => {
      const sentences = splitSentences(cleanAbstract(a.abstract));
      const candidates = sentences.map((s, i) => ({ s, f: resultFeatures(s, i, sentences.length) })).filter((c) => mayBeResult(c.f));
      return { x: candidates.map((c) => c.f), y: candidates.map((c) => coversSpan(resultLine(c.s), a.spans.result)) };
    })
    .filter((g) => g.y.some(Boolean));
}

const dot = (w: number[], x: number[]) => x.reduce((sum, v, i) => sum + v * w[i], 0);

/** Gradient ascent on sum log P(a right sentence) with an L2 penalty. */
function fit(data: Group[], l2 = 0.02, steps = 3000, rate = 0.5): number[] {
  const dims = FEATURE_NAMES.length;
  let w = new Array<number>(dims).fill(0);
  for (let step = 0; step < steps; step++) {
    const grad = w.map((v) => -l2 * v * data.length);
    for (const g of data) {
      const scores = g.x.map((x) => dot(w, x));
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const all = e.reduce((a, b) => a + b, 0);
      const pos = e.reduce((a, v, i) => a + (g.y[i] ? v : 0), 0);
      g.x.forEach((x, i) => {
        const coef = (g.y[i] ? e[i] / pos : 0) - e[i] / all;
        x.forEach((v, d) => (grad[d] += coef * v));
      });
    }
    w = w.map((v, d) => v + (rate * grad[d]) / data.length);
  }
  return w;
}

function accuracy(data: Group[], w: number[]): number {
  let right = 0;
  for (const g of data) {
    const scores = g.x.map((x) => dot(w, x));
    if (g.y[scores.indexOf(Math.max(...scores))]) right++;
  }
  return right / data.length;
}

const data = groups();
const halves = [data.filter((_, i) => i % 2 === 0), data.filter((_, i) => i % 2 === 1)];
for (const [k, [train, test]] of [[halves[0], halves[1]], [halves[1], halves[0]]].entries()) {
  const w = fit(train);
  console.log(`fold ${k + 1}: picks a covering sentence in ${(100 * accuracy(train, w)).toFixed(1)}% in sample, ${(100 * accuracy(test, w)).toFixed(1)}% out of fold`);
}
const w = fit(data).map((v) => Math.round(v * 10) / 10);
console.log(`all dev abstracts with a coverable result span: ${data.length}, ${(100 * accuracy(data, w)).toFixed(1)}% with the rounded weights`);
FEATURE_NAMES.forEach((name, i) => console.log(`  ${name.padEnd(20)} ${w[i]}`));
console.log(`[${w.join(', ')}]`);
