// Which sentence of an abstract says what the paper does? Abstracts follow a known arc:
// background, gap, contribution ("we propose"), method detail, results. Each feature below is a
// property of abstracts in general, not of one data set. The weights are a ridge regression of
// each sentence's ROUGE-1 against the human TL;DRs of the SciTLDR dev split (sentence minus its
// abstract's mean), rounded to 0.05: a 23-number linear model, cross-validated on held-out halves
// (41.6 held out vs 41.8 in sample), so it is not memorizing papers.
import { contentWords, wordCount } from './words.js';

export interface ScoredSentence {
  index: number;
  text: string;
  score: number;
  features: Features;
}

const SELF = String.raw`(?:we|this (?:paper|work|study|article|note|report|thesis|submission)|in this (?:paper|work|study)|here,? we|our (?:paper|work|study))`;
const SELF_ALL = new RegExp(String.raw`\b${SELF}\b`, 'gi');
// Verbs are looked for in the 50 characters after each "we"/"this paper" (one scan, then short
// windows: a single regex with a lazy gap per verb class was most of the summarizer's time).
const WINDOW = 50;
const verbStart = (stems: string) => new RegExp(String.raw`\b(?:${stems})`, 'i');

// What the paper contributes, builds, studies, finds.
const PROPOSE = verbStart('propos|introduc|present');
const BUILD = verbStart('develop|design|devis|formulat|describ|put forward|offer|contribut|creat|build|built|construct|extend|generali[sz]|deriv|establish|provid');
const STUDY = verbStart('stud|investigat|explor|examin|analy[sz]|address|tackl|consider|focus|aim|seek|characteri[sz]|revisit');
const FIND = verbStart('show|demonstrat|find|found|prov|observ|reveal|argu|identif|discover|report');

/** The text right after each mention of the authors, up to a clause end: where their verb is. */
function afterAuthors(text: string): string {
  let windows = '';
  SELF_ALL.lastIndex = 0;
  for (let m = SELF_ALL.exec(text); m; m = SELF_ALL.exec(text)) {
    let w = text.slice(m.index + m[0].length, m.index + m[0].length + WINDOW + 12);
    const stop = w.search(/[.;]/);
    if (stop >= 0) w = w.slice(0, stop);
    windows += ` ${w} |`;
  }
  return windows;
}
const PASSIVE = /\b(?:is|are) (?:proposed|introduced|presented|developed|described|designed)\b/i;
// "We also ...", "Finally, ...": a second contribution, not the main one.
const SECONDARY = /^(?:also|further(?:more)?|moreover|additionally|in addition|finally|lastly|then|besides)\b|\b(?:we|it|which) (?:also|further|then|additionally|finally)\b/i;
const EVALUATION = /\b(?:experiments?|experimental(?:ly)?|empirical(?:ly)?|evaluat\w+|benchmarks?|datasets?|baselines?)\b/i;
const BACKGROUND_START = /^(?:however|recently|despite|although|though|while|traditionally|existing|current|currently|most|many|prior|previous|typically|conventional|in recent years|over the past|deep (?:neural )?(?:networks|learning) (?:have|has))\b/i;
const GAP = /\b(?:remains? (?:an? )?(?:open|challenging|unclear|unknown|difficult|elusive|under-?explored|understudied|overlooked|unexplored|unsolved|limited)|(?:is|are|been) (?:largely |still |often )?(?:under-?explored|understudied|overlooked|unexplored|neglected|ignored)|not (?:well|fully|yet) understood|poorly understood|little is known|has (?:received|attracted) (?:little|much|significant)|is (?:a )?(?:challenging|fundamental|important|crucial|key|central)|suffer|limitation|drawback|lack)\b/i;
// A named method being introduced: "called X", "X (ABC)".
const NAMING = /\b(?:called|dubbed|named|termed|coined)\b|\([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*\)/;
const NUMBER_RESULT = /\d(?:\.\d+)?\s?(?:%|x\b|×|times\b|fold\b|points?\b|pp\b|dB\b|BLEU\b|F1\b)/i;
const META = /\b(?:code|data|dataset|models?|implementation|source code)\b[^.]{0,40}\b(?:available|released|public|open[- ]source)\b|\b(?:github|url|appendix|supplementary)\b/i;
// Cheap necessary condition for META, which is costly to run on every sentence.
const META_WORD = /availab|releas|public|open[- ]source|github|url|appendix|supplementar/i;
const LEAD_IN = /^[^,]{3,120},\s*we\b/i;
const THIS_PAPER = /\bthis (?:paper|work|study)\b/i;
const AUTHORS_SPEAK = new RegExp(String.raw`\b(?:we|our|us)\b|^${SELF}`, 'i');
// Formula debris a reader cannot use in one line (x^2, G_{stack}, a = b + c).
const NOTATION = /[\^_{}=<>|\\]|\b[a-zA-Z]\s*[+*/]\s*[a-zA-Z0-9]\b/;
/** Not fitted: dev abstracts are clean of notation, and a TL;DR full of it is unreadable anywhere. */
const NOTATION_WEIGHT = -1.0;

type Features = {
  propose: number;
  build: number;
  study: number;
  find: number;
  passive: number;
  secondary: number;
  evaluation: number;
  background: number;
  gap: number;
  naming: number;
  numbers: number;
  centrality: number;
  position: number;
  short: number;
  long: number;
  meta: number;
  startsWe: number;
  leadIn: number;
  length: number;
  length2: number;
  thisPaper: number;
  title: number;
  titlePrecision: number;
};

type Weights = Features;

/** With a title: what the title names is what the TL;DR should say. */
export const TITLE_WEIGHTS: Weights = {
  propose: 1.0, build: 0.35, study: 0.0, find: -0.1, passive: -0.55, secondary: -0.55, evaluation: -0.4,
  background: -1.2, gap: -0.15, naming: 0.2, numbers: -0.6, centrality: 0.3, position: -1.25, short: -2.0,
  long: -0.85, meta: -0.65, startsWe: 0.3, leadIn: 0.45, length: -0.55, length2: 0.35, thisPaper: 0.55,
  title: 1.75, titlePrecision: 1.9,
};

/** Without a title, words that recur across the abstract carry the topic instead. */
export const NO_TITLE_WEIGHTS: Weights = {
  propose: 1.0, build: 0.35, study: 0.1, find: -0.15, passive: -0.6, secondary: -0.5, evaluation: -0.35,
  background: -1.0, gap: -0.1, naming: 0.35, numbers: -0.55, centrality: 1.15, position: -1.1, short: -1.5,
  long: -0.5, meta: -0.65, startsWe: 0.35, leadIn: 0.45, length: 0.1, length2: 0, thisPaper: 0.75,
  title: 0, titlePrecision: 0,
};

const bit = (re: RegExp, text: string) => (re.test(text) ? 1 : 0);

/** Each sentence with its features and a weighted score; the highest is the contribution. */
export function scoreSentences(title: string, sentences: string[]): ScoredSentence[] {
  const titleWords = new Set(contentWords(title));
  const weights = titleWords.size ? TITLE_WEIGHTS : NO_TITLE_WEIGHTS;
  const words = sentences.map((s) => new Set(contentWords(s)));
  // In how many sentences each word occurs: words that recur carry the topic.
  const df = new Map<string, number>();
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  // Everything before the authors first speak is background.
  const authored = sentences.map(afterAuthors);
  let firstSelf = sentences.findIndex((s, i) => AUTHORS_SPEAK.test(s) || PROPOSE.test(authored[i]) || PASSIVE.test(s));
  if (firstSelf < 0) firstSelf = 1;
  const n = sentences.length;

  return sentences.map((text, index) => {
    const unique = words[index];
    let central = 0;
    let titleHits = 0;
    for (const w of unique) {
      central += (df.get(w) ?? 1) - 1;
      if (titleWords.has(w)) titleHits++;
    }
    // Capped: in a pasted full text one sentence repeated many times is not the topic.
    central = unique.size ? Math.min(1.5, central / Math.max(1, n - 1) / Math.sqrt(unique.size)) : 0;
    const wc = Math.min(wordCount(text), 60);
    const features: Features = {
      propose: bit(PROPOSE, authored[index]),
      build: bit(BUILD, authored[index]),
      study: bit(STUDY, authored[index]),
      find: bit(FIND, authored[index]),
      passive: bit(PASSIVE, text),
      secondary: bit(SECONDARY, text),
      evaluation: bit(EVALUATION, text),
      background: index < firstSelf || BACKGROUND_START.test(text) ? 1 : 0,
      gap: bit(GAP, text),
      naming: bit(NAMING, text),
      numbers: bit(NUMBER_RESULT, text),
      centrality: central,
      position: n > 1 ? index / (n - 1) : 0,
      short: wc < 8 ? 1 : 0,
      long: wc > 50 ? 1 : 0,
      meta: META_WORD.test(text) ? bit(META, text) : 0,
      startsWe: /^we\b/i.test(text) ? 1 : 0,
      leadIn: bit(LEAD_IN, text),
      length: wc / 30,
      length2: (wc / 30) ** 2,
      thisPaper: bit(THIS_PAPER, text),
      title: titleWords.size ? titleHits / titleWords.size : 0,
      titlePrecision: unique.size ? titleHits / unique.size : 0,
    };
    let score = 0;
    for (const k of Object.keys(features) as Array<keyof Features>) score += weights[k] * features[k];
    if (NOTATION.test(text)) score += NOTATION_WEIGHT;
    return { index, text, score, features };
  });
}
