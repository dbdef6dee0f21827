// ROUGE-1/2/L F1 following the rouge-score package (Google's reimplementation used by SciTLDR):
// lower case, runs of [a-z0-9] as tokens, Porter stemming of tokens longer than 3 characters.
// Hand-written because no maintained npm ROUGE follows that convention; it is ~60 lines. It lives
// in bench/ because only the eval uses it, and its stemmer is a devDependency.
import { stemmer } from 'stemmer';

export const ROUGE_STEMMER = 'Porter (npm stemmer 2.0.1, original algorithm), tokens > 3 chars, as rouge-score';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

const stemCache = new Map<string, string>();

function stem(token: string): string {
  if (token.length <= 3) return token;
  let s = stemCache.get(token);
  if (s === undefined) {
    s = stemmer(token);
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(token, s);
  }
  return s;
}

export function rougeTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of text.toLowerCase().split(/[^a-z0-9]+/)) if (t) out.push(stem(t));
  return out;
}

function f1(overlap: number, candidateCount: number, referenceCount: number): number {
  if (overlap === 0 || candidateCount === 0 || referenceCount === 0) return 0;
  const p = overlap / candidateCount;
  const r = overlap / referenceCount;
  return (2 * p * r) / (p + r);
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function ngramF1(candidate: string[], reference: string[], n: number): number {
  const c = ngramCounts(candidate, n);
  const r = ngramCounts(reference, n);
  let overlap = 0;
  for (const [k, v] of c) overlap += Math.min(v, r.get(k) ?? 0);
  return f1(overlap, Math.max(candidate.length - n + 1, 0), Math.max(reference.length - n + 1, 0));
}

function lcsLength(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** F1 scores (0..1) of one candidate against one reference. */
export function rouge(candidate: string, reference: string): RougeScores {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return {
    rouge1: ngramF1(c, r, 1),
    rouge2: ngramF1(c, r, 2),
    rougeL: f1(lcsLength(c, r), c.length, r.length),
  };
}

/** Each metric's best F1 over a paper's references (the SciTLDR multi-target convention). */
export function bestRouge(candidate: string, references: string[]): RougeScores {
  const best: RougeScores = { rouge1: 0, rouge2: 0, rougeL: 0 };
  for (const ref of references) {
    const s = rouge(candidate, ref);
    best.rouge1 = Math.max(best.rouge1, s.rouge1);
    best.rouge2 = Math.max(best.rouge2, s.rouge2);
    best.rougeL = Math.max(best.rougeL, s.rougeL);
  }
  return best;
}
