// The key result: the claim an abstract makes about what its method achieved ("outperforms recent
// baselines in PSNR and speed", "2.16x faster summarization on CNN/DM"), as one clause for the
// line under the TL;DR. The sentence is picked by cues that hold for abstracts in general (result
// verbs, "experiments show", a measured number, a late position) and cut to its claim; a sentence
// about the setting, prior work or the code is never one. Tuned on one seeded half of the
// reader-marked abstracts (bench/eval-key-result.ts), reported on both.
import { dropAsides } from './compress.js';
import { fitTldr } from './fit.js';
import { contentWords } from './words.js';

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
const META = /\b(?:code|codes|source code|implementation|models?|data(?:set)?s?|weights|project page|website|demo)\b[^.]{0,40}\b(?:available|released?|public(?:ly)?|open[- ]sourced?|github|will be)\b|\bhttps?:|github|\bavailable at\b/i;
const SETUP = /\b(?:we (?:evaluate|conduct|perform|run|test|train|compare|benchmark|experiment|validate|apply)|(?:is|are|was|were) (?:evaluated|tested|trained|conducted|validated|compared) on|trained on|using only)\b/i;

// "Experiments on X show that ...": the claim is the clause after the last such "that".
const REPORTING_THAT =
  /^.*\b(?:show|shows|showed|shown|demonstrat\w*|indicat\w*|reveal\w*|confirm\w*|verif\w*|validat\w*|suggest\w*|prov(?:e|es|ed|en)|find|finds|found|observe\w*|illustrat\w*|highlight\w*|conclude\w*|establish\w*)\s+that\s+/i;
const LEAD = /^(?:and|but|then|thus|thereby|hence|therefore|for example|for instance|e\.g\.|specifically|in particular|notably|overall|finally|moreover|furthermore|additionally|as a result|in addition|in all cases|in both cases|in practice|in experiments|empirically|experimentally|surprisingly|remarkably|importantly|interestingly|consequently|altogether|together|further(?:more)?|also)\b\s*,?\s*/i;
const CONDITION = /^(?:when|if|with|without|using|given|under|after|by|across|compared (?:to|with)|in comparison|relative to|trained|evaluated|tested|applied|on|for|at|through|via|thanks to|owing to|based on|as)\b[^,]{1,120},\s*(?:and [^,]{1,80},\s*)?/i;
// A generic subject goes when a verb of its own follows ("Our method outperforms" -> "Outperforms");
// a named one ("R2R surpasses ...") stays, it says whose result it is, and so does "we" ("We achieve").
const GENERIC_SUBJECT =
  /^(?:it|they|(?:our|the|this|these) (?:proposed |resulting |new |overall |final |presented |simple |concise )?(?:[\w-]+ ){0,3}?(?:method|approach|model|framework|system|algorithm|technique|solution|design|architecture|pipeline|implementation|variant|agent|network|scheme|strategy|formulation|procedure|tool|policy|estimator|detector|module)s?|the proposed)\s+(?:(?:also|further|consistently|significantly|clearly|substantially|greatly|dramatically|can|could|is able to|are able to)\s+)*(?=\w+(?:s|ed)\b)(?!(?:is|was|has|does)\b)/i;
// A clause that states something has a finite verb; a noun phrase ("Only less than 1% of the
// parameters") or an infinitive ("To adapt well to ...") does not. Verbs by stem, as abstracts use them.
const VERB =
  /\b(?:is|are|was|were|be|been|has|have|had|can|could|will|would|may|might|must|should|does|do|did|(?!(?:compared|based|proposed|pretrained|trained|related|called|named|termed|dubbed|conditioned|supervised|unsupervised|guided|limited|detailed|combined|coupled|equipped|associated|used|needed|aimed)\b)\w+ed|(?:outperform|surpass|exceed|achiev|improv|reduc|yield|enabl|allow|produc|obtain|reach|match|beat|deliver|generaliz|generalis|perform|lead|boost|increas|decreas|provid|requir|scal|converg|recover|preserv|learn|generat|captur|attain|run|work|hold|show|demonstrat|speed|remain|becom|offer|support|cut|lower|rais|help|gain|establish|set|mak|tak|find|giv|handl|adapt|synthesiz|reconstruct|detect|predict|identif|discover|reveal|exhibit|contain|enhanc|sav|accelerat|consum|rank|narrow|clos|halv|doubl|mitigat|alleviat|eliminat|avoid|prevent|solv|extend|transfer|succeed|fail|benefit|estimat|segment|track|locali[sz]|recogni[sz]|translat|answer|navigat|render|retriev|rival|lag|surpass|sets|encourag|facilitat|ensur|lift|push|open|emerg|prov)(?:e|es|s|ed|d|ies)?)\b/i;
const FRAGMENT_START = /^(?:to|that|which|who|and|or|but|of|for|from|in|on|by|with|as|than|while|whereas)\b/i;

function isClause(text: string): boolean {
  return text.split(' ').length >= 3 && !FRAGMENT_START.test(text) && VERB.test(text.replace(MEASURED_ALL, ''));
}

const MIN_SCORE = 2;

/** How much `sentence` reads as the paper's own result; <= 0 when it is not one at all. */
function resultScore(sentence: string, index: number, count: number): number {
  if (META.test(sentence) || FUTURE.test(sentence)) return -10;
  let score = 0;
  const measured = MEASURED.test(sentence);
  if (STRONG_CUE.test(sentence)) score += 2;
  if (RESULT_CUE.test(sentence)) score += 1;
  if (REPORTED.test(sentence)) score += 1.5;
  if (measured) score += 1.5;
  if (PRIOR_WORK.test(sentence)) score -= 3;
  if (GAP.test(sentence) || (PROBLEM.test(sentence) && !STRONG_CUE.test(sentence))) score -= 2;
  if (IDEA.test(sentence)) score -= 2.5;
  if (SETUP.test(sentence) && !STRONG_CUE.test(sentence)) score -= 1.5;
  // Results come late in an abstract; the opening sentence is background.
  score += count > 1 ? (2 * index) / (count - 1) : 0;
  if (index === 0 && count > 2) score -= 2;
  return score;
}

/** The clause of `sentence` that states the claim: lead-ins, reporting and generic subject gone. */
function claimOf(sentence: string): string {
  let text = dropAsides(sentence).replace(/[.;:,]+$/, '').trim();
  const reported = REPORTING_THAT.exec(text);
  if (reported && isClause(text.slice(reported[0].length))) text = text.slice(reported[0].length);
  for (let i = 0; i < 4; i++) {
    const before = text;
    text = text.replace(LEAD, '');
    const cond = CONDITION.exec(text);
    if (cond && isClause(text.slice(cond[0].length))) text = text.slice(cond[0].length);
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
function lineFor(sentence: string): string | null {
  const whole = fit(claimOf(sentence));
  const numbers = [...sentence.matchAll(MEASURED_ALL)];
  if (numbers.length === 0 || numbers.some((m) => whole.includes(m[0].trim()))) return isClause(whole) ? whole : null;
  // The number fell past the cut: the clause around it instead, when that clause says something.
  for (const m of numbers) {
    const clause = fit(claimOf(chunkAround(sentence, m.index!, m.index! + m[0].length)));
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
    const line = lineFor(sentence);
    if (line && !repeats(line, tldr)) return line;
  }
  return null;
}
