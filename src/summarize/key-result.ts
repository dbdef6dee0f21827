// The key result: the headline number of an abstract ("2.16x faster summarization on CNN/DM"),
// as a short phrase for the line under the TL;DR. Only measured claims qualify: a number with a
// unit of change. Claims without a number ("outperforms baselines") are not a key result.
import { fitTldr } from './fit.js';

export const KEY_RESULT_MAX_WORDS = 20;
export const KEY_RESULT_MAX_CHARS = 140;

// 54.6%, 2.8x, 2.8×, 3 times, 10-fold, +2.3 BLEU, 1.5 points, 4 dB
const MEASURE = String.raw`[+\-−~]?\d+(?:[.,]\d+)?(?:\s?[-–/]\s?\d+(?:\.\d+)?)?\s?(?:%|x\b(?!\s?\d)|×(?!\s?\d)|-?times\b|-?fold\b|pp\b|percentage points?\b|points?\b|(?:absolute |relative )?(?:BLEU|ROUGE(?:-[12L])?|F1|mAP|AP|EM|dB|PSNR|FID|IoU|AUC|WER|perplexity)\b)`;
const MEASURED = new RegExp(MEASURE, 'i');
const MEASURED_ALL = new RegExp(MEASURE, 'gi');
// Words that make a number a result rather than a setting ("trained on 10% of the data").
const RESULT_CUE =
  /\b(?:achiev\w*|improv\w*|outperform\w*|surpass\w*|exceed\w*|reduc\w*|increas\w*|decreas\w*|boost\w*|speed\w*|faster|slower|fewer|less|lower|higher|better|gains?|accelerat\w*|sav\w*|cuts?|reach\w*|attain\w*|obtain\w*|yield\w*|deliver\w*|match\w*|relative|compared|over|than|up to|accuracy|throughput|latency|state[- ]of[- ]the[- ]art)\b/i;
const STRONG_CUE = /\b(?:state[- ]of[- ]the[- ]art|sota|outperform\w*|surpass\w*|speed-?ups?|faster|improv\w*|reduc\w*)\b/i;
const SETUP = /\b(?:trained on|using only|we (?:use|sample|select|set|randomly|mask|keep|prune|retain))\b/i;
const VERB = /\b(?:\w+(?:s|ed)|is|are|was|were|can|achiev\w*|improv\w*|outperform\w*|reduc\w*|speed\w*|faster|gains?|boost\w*|surpass\w*)\b/i;

// "Experiments show that", "we observe": the claim is what follows.
const REPORTING = /^.*?\b(?:show|shows|showed|shown|showing|demonstrate|demonstrates|demonstrated|demonstrating|report|reports|observe|observed|find|finding|found|indicate|indicates|reveal|reveals|confirm|confirms|suggest|suggests)\b(?:[^,]{0,60}?\bthat)?\s+/i;
const LEAD = /^(?:and|but|while|whereas|thus|thereby|which|for example|for instance|e\.g\.|specifically|in particular|notably|overall|finally|moreover|furthermore|additionally|as a result|in addition|empirically|experimentally|surprisingly|remarkably|importantly|respectively|including|such as)\b\s*,?\s*/i;
// A generic subject goes; a named one ("R2R surpasses ...") stays, it says whose result it is.
const GENERIC_SUBJECT =
  /^(?:we|it|this|they|our (?:[\w-]+ ){0,3}?(?:method|approach|model|models|framework|system|algorithm|technique|solution|design|architecture|pipeline|implementation|variant|agent|network)s?|the (?:proposed |resulting |new )?(?:[\w-]+ ){0,2}?(?:method|approach|model|framework|system|algorithm|technique|solution|design|architecture|pipeline)s?)\s+(?:(?:also|further|consistently|significantly|can|could|is able to|are able to)\s+)*/i;
const CONDITION = /^(?:when|if|while|with|using|given|under|after|for|at|on)\b/i;
const PARTICIPLE_LEAD = /^(?:resulting in|leading to|achieving|yielding|reaching|with|by|to|at)\s+(?:an?\s+)?/i;

/** The comma-delimited stretch of `sentence` around [from, to), widened until it has a verb. */
function chunkAround(sentence: string, from: number, to: number): string {
  const boundaries: number[] = [];
  let depth = 0;
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i];
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    else if (depth === 0 && (ch === ';' || ch === ':' || (ch === ',' && !/\d,\d/.test(sentence.slice(i - 1, i + 2))))) boundaries.push(i);
  }
  let start = 0;
  let end = sentence.length;
  for (const b of boundaries) {
    if (b < from) start = b + 1;
    else if (b >= to) {
      end = b;
      break;
    }
  }
  // ", respectively" belongs to the numbers it qualifies.
  if (/^,\s*respectively\b/i.test(sentence.slice(end))) end += sentence.slice(end).match(/^,\s*respectively/i)![0].length;
  let chunk = sentence.slice(start, end);
  // A list item ("1.82x on coding") needs the verb that governs it, one comma further back.
  for (let i = 0; i < 2 && !VERB.test(chunk.replace(MEASURED_ALL, '')) && start > 0; i++) {
    const prev = boundaries.filter((b) => b < start - 1).pop();
    start = prev === undefined ? 0 : prev + 1;
    chunk = sentence.slice(start, end);
  }
  return chunk.trim();
}

function phrase(chunk: string): string {
  let text = chunk.replace(/[.;:,]+$/, '').trim();
  const reported = REPORTING.exec(text);
  if (reported && MEASURED.test(text.slice(reported[0].length))) text = text.slice(reported[0].length);
  for (let i = 0; i < 3; i++) text = text.replace(LEAD, '');
  text = text.replace(GENERIC_SUBJECT, '').replace(PARTICIPLE_LEAD, '');
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

interface Candidate {
  score: number;
  text: string;
}

/** A short phrase stating the abstract's headline measured result, or null when it has none. */
export function keyResult(sentences: string[], tldr: string | null): string | null {
  let best: Candidate | null = null;
  const count = sentences.length;
  sentences.forEach((sentence, index) => {
    if (!MEASURED.test(sentence)) return;
    let base = 0;
    if (RESULT_CUE.test(sentence)) base += 2;
    if (STRONG_CUE.test(sentence)) base += 1;
    if (SETUP.test(sentence)) base -= 2;
    // Results come late in an abstract.
    base += count > 1 ? index / (count - 1) : 0;
    if (base <= 0) return;
    for (const m of sentence.matchAll(MEASURED_ALL)) {
      const number = m[0].trim();
      // The TL;DR already says it: no second line repeating it.
      if (tldr && tldr.includes(number)) continue;
      const chunk = chunkAround(sentence, m.index!, m.index! + m[0].length);
      let score = base;
      if (RESULT_CUE.test(chunk.replace(MEASURED_ALL, ''))) score += 1;
      if (STRONG_CUE.test(chunk)) score += 0.5;
      // "When allowing 3% more parameters, ...": a condition, not the result.
      if (CONDITION.test(chunk)) score -= 1.5;
      if (best && best.score >= score) continue;
      const text = fitTldr(phrase(chunk), KEY_RESULT_MAX_WORDS, KEY_RESULT_MAX_CHARS, 3).replace(/\.$/, '');
      if (text.includes(number) && text.split(' ').length >= 2) best = { score, text };
    }
  });
  return best ? (best as Candidate).text : null;
}
