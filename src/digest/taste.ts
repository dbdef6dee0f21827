import { dot, type SparseVector } from './vectors.js';

/** Below this many saved papers a model would learn noise; nearest-saved similarity is used instead. */
export const MIN_BOOKMARKS_FOR_MODEL = 5;
/** Cosine above which a candidate counts as "like" a saved paper in the why line. */
export const LIKE_THRESHOLD = 0.2;

export interface Taste {
  /** 0..1: how much this workspace's saved papers suggest it will like the paper. */
  score(v: SparseVector): number;
  /** How many saved papers it is like (for "like 3 papers your team saved"). */
  likes(v: SparseVector): number;
  kind: 'none' | 'similarity' | 'model';
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * L2-regularized logistic regression on sparse tf-idf vectors, trained by a few epochs of SGD:
 * saved papers are positives, the other candidates negatives (arxiv-sanity trains a linear SVM per
 * tag the same way). Hand-written: it is thirty lines, and no kept npm package trains sparse linear
 * models without pulling a numeric stack.
 */
function trainLogistic(pos: SparseVector[], neg: SparseVector[], epochs = 30, lr = 0.5, l2 = 1e-3): (v: SparseVector) => number {
  const w = new Map<string, number>();
  let b = 0;
  const data: Array<[SparseVector, number]> = [...pos.map((v) => [v, 1] as [SparseVector, number]), ...neg.map((v) => [v, 0] as [SparseVector, number])];
  // balance: positives are few; weight them up so the model does not just say "no"
  const posWeight = neg.length > 0 ? Math.max(1, neg.length / Math.max(1, pos.length)) : 1;
  for (let e = 0; e < epochs; e++) {
    // deterministic order that still mixes classes: interleave by a fixed stride
    for (let i = 0; i < data.length; i++) {
      const [x, y] = data[(i * 7919) % data.length];
      const p = sigmoid(dot(w, x) + b);
      const g = (p - y) * (y === 1 ? posWeight : 1);
      for (const [t, xv] of x) {
        const cur = w.get(t) ?? 0;
        w.set(t, cur - lr * (g * xv + l2 * cur));
      }
      b -= lr * g;
    }
  }
  return (v) => sigmoid(dot(w, v) + b);
}

export function learnTaste(saved: SparseVector[], others: SparseVector[]): Taste {
  const likes = (v: SparseVector) => saved.filter((s) => dot(s, v) >= LIKE_THRESHOLD).length;
  if (saved.length === 0) return { kind: 'none', score: () => 0, likes: () => 0 };
  if (saved.length < MIN_BOOKMARKS_FOR_MODEL) {
    return { kind: 'similarity', likes, score: (v) => Math.max(...saved.map((s) => dot(s, v))) };
  }
  const model = trainLogistic(saved, others);
  return { kind: 'model', likes, score: model };
}
