// The key result: the claim an abstract makes about what its method achieved ("outperforms recent
// baselines in PSNR and speed", "2.16x faster summarization on CNN/DM"), as one clause for the
// line under the TL;DR. The sentence is picked by cues that hold for abstracts in general (result
// verbs, "experiments show", a measured number, a late position) and cut to its claim; a sentence
// about the setting, prior work or the code is never one. Tuned on one seeded half of the
// reader-marked abstracts (bench/eval-key-result.ts), reported on both.
import { dropAsides } from './compress.js';
import { fitTldr } from './fit.js';
import { contentWords, wordCount } from './words.js';

export const KEY_RESULT_MAX_WORDS = 24;
export const KEY_RESULT_MAX_CHARS = 170;

// 54.6%, 2.8x, 2.8×, 3 times, 10-fold, +2.3 BLEU, 1.5 points, 4 dB
const MEASURE = String.raw`[+\-−~]?\d+(?:[.,]\d+)?(?:\s?[-–/]\s?\d+(?:\.\d+)?)?\s?(?:%|x\b(?!\s?\d)|×(?!\s?\d)|-?times\b|-?fold\b|pp\b|percentage points?\b|points?\b|(?:absolute |relative )?(?:BLEU|ROUGE(?:-[12L])?|F1|mAP|AP|EM|dB|PSNR|FID|IoU|AUC|WER|perplexity)\b)`;
const MEASURED = new RegExp(MEASURE, 'i');
const MEASURED_ALL = new RegExp(MEASURE, 'gi');

// What a result sentence says: the method beat, reached or enabled something.
const STRONG_CUE =
  /\b(?:outperform\w*|surpass\w*|exceed\w*|beat\w*|state[- ]of[- ]the[- ]arts?|sota|new records?|superior|best|significant(?:ly)? (?:improv|better|higher|lower|reduc|outperform)\w*|achiev\w*|attain\w*|speed-?ups?|faster)\b/i;
const RESULT_CUE =
  /\b(?:improv\w*|better|higher|lower|fewer|reduc\w*|increas\w*|decreas\w*|boost\w*|gains?|competitive|comparable|effective(?:ly|ness)?|efficien(?:t|cy)|robust(?:ly|ness)?|accura(?:te|cy)|generaliz\w*|enabl\w*|allows?|succeed\w*|successful(?:ly)?|consistent(?:ly)?|substantial(?:ly)?|significant(?:ly)?|strong|favorabl\w*|promising|high[- ]quality|realistic|capable|able to|can (?:\w+ly )?(?:be )?\w+|deliver\w*|yield\w*|produc\w*|obtain\w*|reach\w*|match\w*|recover\w*|preserv\w*)\b/i;
// "Experiments on X show that ...": the claim is what follows, and the sentence is a result.
const REPORTED =
  /\b(?:experiment\w*|results?|evaluations?|empirical(?:ly)?|analys[ie]s|studies|tests?|benchmarks?|simulations?|we|this|they)\b[^.;]{0,100}?\b(?:show|shows|showed|shown|demonstrat\w*|indicat\w*|reveal\w*|confirm\w*|verif\w*|validat\w*|suggest\w*|prov(?:e|es|ed)|find|found|observe\w*|illustrat\w*|highlight\w*)\b/i;
// Not the paper's own result: what others did, the plan, the setting, the code.
const PRIOR_WORK = /\b(?:previous|prior|existing|recent|current|conventional|traditional|state-of-the-art) (?:\w+ ){0,2}?(?:works?|methods?|approaches|models|studies|techniques|systems|literature)\b[^.]{0,60}\b(?:have|has|had|are|is|were|was|fail|suffer|lack|require|rely|focus)\b|\b(?:have|has) (?:been )?(?:shown|demonstrated|achieved)\b/i;
const GAP = /^(?:however|but|unfortunately|yet|despite|although|while)\b|\b(?:remains? (?:a |an )?(?:challeng|open|unclear|difficult)|is (?:still )?(?:challenging|difficult|unclear|limited|expensive))/i;
const PROBLEM = /\b(?:challenges?|difficult(?:y|ies)?|problems?|issues?|limitations?|bottlenecks?|drawbacks?|shortcomings?)\b/i;
const IDEA = /^(?:(?:in this (?:paper|work|study)|here|to (?:this|that) end|to address [^,]+|therefore|thus)\s*,?\s*)?(?:we|this (?:paper|work|study|article)) (?:first |further |also |then )?(?:propose|introduce|present|develop|design|describe|formulate|study|investigate|explore|address|consider|tackle|focus|aim|build|construct|define|use|adopt|leverage|employ|apply|train|collect|release|provide|offer)\b/i;
const FUTURE = /\b(?:we (?:hope|believe|expect|envision|anticipate|plan)|future (?:research|work|studies|directions?)|will be (?:released|made|available|open))\b/i;
const META = /\b(?:code|codes|source code|implementation|models?|data(?:set)?s?|weights|project page|website|demo)\b[^.]{0,40}\b(?:available|released?|public(?:ly)?|open[- ]sourced?|github|will be)\b|\bhttps?:|github|\bavailable at\b|\b(?:can be found|(?:is|are) (?:publicly |freely )?available)\b/i;
const SETUP = /\b(?:we (?:evaluate|conduct|perform|run|test|train|compare|benchmark|experiment|validate|apply)|(?:is|are|was|were) (?:evaluated|tested|trained|conducted|validated|compared) on|trained on|using only)\b/i;

// "Experiments on X show that ...": the claim is the clause after the last such "that".
const REPORTING_THAT =
  /^.*\b(?:show|shows|showed|shown|demonstrat\w*|indicat\w*|reveal\w*|confirm\w*|verif\w*|validat\w*|suggest\w*|prov(?:e|es|ed|en)|find|finds|found|observe\w*|illustrat\w*|highlight\w*|conclude\w*|establish\w*)\s+that\s+/i;
const LEAD = /^(?:and|but|then|thus|more importantly|most importantly|more specifically|more precisely|thereby|hence|therefore|for example|for instance|e\.g\.|specifically|in particular|notably|overall|finally|moreover|furthermore|additionally|as a result|in addition|in all cases|in both cases|in practice|in experiments|empirically|experimentally|surprisingly|remarkably|importantly|interestingly|consequently|altogether|together|further(?:more)?|also)\b\s*,?\s*/i;
const CONDITION = /^(?:in|when|if|with|without|using|given|under|after|by|across|compared (?:to|with)|in comparison|in contrast|unlike|contrary to|relative to|trained|evaluated|tested|applied|on|for|at|through|via|thanks to|owing to|based on|as)\b/i;
// The condition ends at the comma after which the main clause's subject starts ("Trained on raw,
// single-view images, CIPS-3D sets ...": the second comma).
const SUBJECT_START = /^(?:[\w-]*[A-Z0-9]|(?:we|our|the|this|these|it|they|its|their|all|both|each|such)\b)/;

/** `text` without a leading condition clause, when what follows is a clause with a subject. */
function dropCondition(text: string): string {
  if (!CONDITION.test(text)) return text;
  for (let comma = text.indexOf(','); comma > 0 && comma < 200; comma = text.indexOf(',', comma + 1)) {
    const rest = text.slice(comma + 1).trim();
    if (SUBJECT_START.test(rest) && isClause(rest)) return rest;
  }
  return text;
}
// A generic subject goes when a verb of its own follows ("Our method outperforms" -> "Outperforms");
// a named one ("R2R surpasses ...") stays, it says whose result it is, and so does "we" ("We achieve").
const GENERIC_SUBJECT =
  /^(?:it|they|(?:our|the|this|these) (?:proposed |resulting |new |overall |final |presented |simple |concise )?(?:[\w-]+ ){0,3}?(?:method|approach|model|framework|system|algorithm|technique|solution|design|architecture|pipeline|implementation|variant|agent|network|scheme|strategy|formulation|procedure|tool|policy|estimator|detector|module)s?|the proposed)\s+(?:(?:also|further|consistently|significantly|clearly|substantially|greatly|dramatically|can|could|is able to|are able to)\s+)*(?=\w+(?:s|ed)\b)(?!(?:is|was|has|does)\b)/i;
// A clause that states something has a finite verb; a noun phrase ("Only less than 1% of the
// parameters") or an infinitive ("To adapt well to ...") does not. Verbs by stem, as abstracts use them.
const VERB =
  /(?<![\w-])(?:is|are|was|were|be|been|has|have|had|can|could|will|would|may|might|must|should|does|do|did|(?:outperform|surpass|exceed|achiev|improv|reduc|yield|enabl|allow|produc|obtain|reach|match|beat|deliver|generaliz|generalis|perform|lead|boost|increas|decreas|provid|requir|scal|converg|recover|preserv|learn|generat|captur|attain|run|work|hold|show|demonstrat|speed|remain|becom|offer|support|cut|lower|rais|help|gain|establish|set|mak|tak|find|giv|handl|adapt|synthesiz|reconstruct|detect|predict|identif|discover|reveal|exhibit|contain|enhanc|sav|accelerat|consum|rank|narrow|clos|halv|doubl|mitigat|alleviat|eliminat|avoid|prevent|solv|extend|transfer|succeed|fail|benefit|estimat|segment|track|locali[sz]|recogni[sz]|translat|answer|navigat|render|retriev|rival|lag|surpass|sets|encourag|facilitat|ensur|lift|push|open|emerg|prov|represent|evaluat|validat|endors|verif|confirm|indicat|suggest|highlight|illustrat|conduct|introduc|propos|present|develop|design|explor|investigat|examin|analy[sz])(?:e|es|s|ed|d|ies)?)(?![\w-])/i;
// A past tense in lower case ("LazyLifted" is a name); participles that read as adjectives are not one.
const PAST = /(?<![\w-])(?!(?:compared|based|proposed|pretrained|trained|related|called|named|termed|dubbed|conditioned|supervised|unsupervised|guided|limited|detailed|combined|coupled|equipped|associated|used|needed|aimed)\b)[a-z]+ed(?![\w-])/;
// Starts that leave a dependent piece ("to adapt well to ...", "which ..."); a sentence may open with
// a preposition ("On ImageNet, we ...") and still be one.
const FRAGMENT_START =
  /^(?:to|that|which|who|and|or|but|of|than|while|whereas|achieving|yielding|reaching|resulting|leading|obtaining|attaining|improving|reducing|outperforming|surpassing|delivering|providing|enabling|showing|demonstrating|exploring|besides)\b/i;
const LIST_MARK = /^(?:\(?(?:\d{1,2}|[ivx]{1,4}|[a-e])\)|\d{1,2}[.)])\s+/i;
// A pronoun subject with a word after it is a clause whatever the verb ("We validate ...").
const PRONOUN_CLAUSE = /\b(?:we|they)\s+(?:\w+ly\s+)?[a-z]+\b/i;

function isClause(text: string): boolean {
  if (text.split(' ').length < 3 || FRAGMENT_START.test(text)) return false;
  const words = text.replace(MEASURED_ALL, '');
  return PRONOUN_CLAUSE.test(text) || VERB.test(words) || PAST.test(words);
}

const COMPARATIVE = /\b(?:than|over|compared (?:to|with)|against|relative to|baselines?|competitors?|prior (?:art|methods?))\b/i;
const EVIDENCE = /\b(?:experiments?|experimental|results?|evaluations?|empirical(?:ly)?|benchmarks?|datasets?)\b/i;
const NAMED_START = /^(?:[A-Z][a-z]*[A-Z0-9][\w-]*|[A-Z]{2,}[\w-]*)\b/;
const OUR_START = /^(?:our|the proposed|this (?:method|approach|model|framework|system))\b/i;
const WE_START = /^we\b/i;

/** Binary cues of a result sentence (see FEATURE_WEIGHTS), position and length last. */
export const FEATURE_NAMES = [
  'strong result verb', 'result word', 'reported', 'measured number', 'prior work', 'gap', 'problem word',
  'idea', 'setup', 'meta or future', 'comparative', 'evidence', 'named subject', 'our subject', 'we subject',
  'first sentence', 'last sentence', 'position', 'words / 30',
] as const;

// The cues run on the lower-cased sentence without the i flag: several times faster in V8, and
// this runs for every sentence of every paper.
const lowerCase = (re: RegExp) => new RegExp(re.source, re.flags.replace('i', ''));
const REPORT_VERB = /\b(?:show|shows|showed|shown|demonstrat\w*|indicat\w*|reveal\w*|confirm\w*|verif\w*|validat\w*|suggest\w*|prov(?:e|es|ed)|find|found|observe\w*|illustrat\w*|highlight\w*)\b/;
const LOWER_CUES = [STRONG_CUE, RESULT_CUE, REPORTED, PRIOR_WORK, GAP, PROBLEM, IDEA, SETUP, META, FUTURE, COMPARATIVE, EVIDENCE, OUR_START, WE_START].map(lowerCase);
const [L_STRONG, L_RESULT, L_REPORTED, L_PRIOR, L_GAP, L_PROBLEM, L_IDEA, L_SETUP, L_META, L_FUTURE, L_COMPARATIVE, L_EVIDENCE, L_OUR, L_WE] = LOWER_CUES;

// Rare cues are first looked for as plain substrings (each regex needs one of them): most
// sentences then skip the regex scan.
const anyOf = (s: string, parts: string[]) => parts.some((p) => s.includes(p));
const PRIOR_GATE = ['previous', 'prior', 'existing', 'recent', 'current', 'conventional', 'traditional', 'state-of-the-art', 'have ', 'has '];
const SETUP_GATE = ['we ', 'ed on', 'using only'];
const META_GATE = ['availab', 'releas', 'public', 'open', 'github', 'will be', 'http', 'can be found'];
const FUTURE_GATE = ['future', 'will be', 'we hope', 'we believe', 'we expect', 'we envision', 'we anticipate', 'we plan'];

export function resultFeatures(sentence: string, index: number, count: number): number[] {
  const s = sentence.toLowerCase();
  const has = (re: RegExp, gate?: string[]) => ((!gate || anyOf(s, gate)) && re.test(s) ? 1 : 0);
  return [
    has(L_STRONG), has(L_RESULT), REPORT_VERB.test(s) ? has(L_REPORTED) : 0, MEASURED.test(sentence) ? 1 : 0,
    has(L_PRIOR, PRIOR_GATE), has(L_GAP), has(L_PROBLEM), has(L_IDEA), has(L_SETUP, SETUP_GATE), has(L_META, META_GATE) || has(L_FUTURE, FUTURE_GATE),
    has(L_COMPARATIVE), has(L_EVIDENCE), NAMED_START.test(sentence) ? 1 : 0, has(L_OUR), has(L_WE),
    index === 0 && count > 1 ? 1 : 0, index === count - 1 && count > 1 ? 1 : 0, count > 1 ? index / (count - 1) : 0.5, wordCount(sentence) / 30,
  ];
}

// A conditional logit over each abstract's sentences (the sentence whose claim covers a
// reader-marked result span is the one to pick), fitted on the dev half by bench/fit-key-result.ts
// and rounded; the held-out half is only reported.
export const FEATURE_WEIGHTS = [0.9, 0.4, 0.2, 0.7, -0.2, -0.3, -0.2, -0.5, 0.8, 0, 0.3, 1.1, -0.2, 1.1, 0.1, -0.5, 0.5, 2.1, -0.1];
const MIN_SCORE = 2;

/** Never a result: the code, future work, or the setting without any claim. */
export function mayBeResult(f: number[]): boolean {
  return !f[9] && !(f[8] && !f[0] && !f[3]);
}

/** How much `sentence` reads as the paper's own result. */
function resultScore(sentence: string, index: number, count: number): number {
  const f = resultFeatures(sentence, index, count);
  if (!mayBeResult(f)) return -Infinity;
  let score = 0;
  for (let i = 0; i < f.length; i++) score += f[i] * FEATURE_WEIGHTS[i];
  return score;
}

/** The clause of `sentence` that states the claim: lead-ins, reporting and generic subject gone. */
function claimOf(sentence: string): string {
  let text = dropAsides(sentence).replace(/[.;:,]+$/, '').trim().replace(LIST_MARK, '');
  const reported = REPORTING_THAT.exec(text);
  if (reported && isClause(text.slice(reported[0].length))) text = text.slice(reported[0].length);
  for (let i = 0; i < 4; i++) {
    const before = text;
    text = text.replace(LEAD, '');
    text = dropCondition(text);
    if (text === before) break;
  }
  text = text.replace(GENERIC_SUBJECT, '');
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

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

const fit = (text: string) => fitTldr(text, KEY_RESULT_MAX_WORDS, KEY_RESULT_MAX_CHARS, 3).replace(/\.$/, '');

/** The claim of a result sentence fitted to the line, keeping its headline number; null if none. */
export function resultLine(sentence: string): string | null {
  const whole = fit(claimOf(sentence));
  const numbers = [...sentence.matchAll(MEASURED_ALL)];
  if (isClause(whole) && (numbers.length === 0 || numbers.some((m) => whole.includes(m[0].trim())))) return whole;
  // The number fell past the cut: the clause around it instead, when that clause says something.
  for (const m of numbers) {
    const clause = fit(claimOf(chunkAround(sentence, m.index, m.index + m[0].length)));
    if (clause.includes(m[0].trim()) && isClause(clause)) return clause;
  }
  return isClause(whole) ? whole : null;
}

/** Whether `line` mostly repeats the TL;DR (a number the TL;DR does not give is news). */
function repeats(line: string, tldr: string | null): boolean {
  if (!tldr) return false;
  if ([...line.matchAll(MEASURED_ALL)].some((m) => !tldr.includes(m[0].trim()))) return false;
  const said = new Set(contentWords(tldr));
  const words = contentWords(line);
  return words.length > 0 && words.filter((w) => said.has(w)).length / words.length >= 0.8;
}

/** One clause stating the abstract's main result (with its number when it gives one), or null. */
export function keyResult(sentences: string[], tldr: string | null): string | null {
  const count = sentences.length;
  const ranked = sentences
    .map((sentence, index) => ({ sentence, score: resultScore(sentence, index, count) }))
    .filter((c) => c.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score);
  for (const { sentence } of ranked.slice(0, 3)) {
    const line = resultLine(sentence);
    if (line && !repeats(line, tldr)) return line;
  }
  return null;
}
