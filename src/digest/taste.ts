import { centroid, dot, dotDense, type SparseVector } from './vectors.js';

/** Below this many saved papers a model would learn noise; nearest-saved similarity is used instead. */
export const MIN_BOOKMARKS_FOR_MODEL = 5;
/** Cosine above which a candidate counts as "like" a saved paper in the why line. */
export const LIKE_THRESHOLD = 0.2;
/**
 * Cosine to the nearest saved paper, as 0..1: tf-idf cosines between ML papers on unrelated
 * ideas sit around 0.05-0.15 and between papers on one idea around 0.2-0.4 (measured on the
 * sample library), so the scale starts above the noise and is full at a clear match.
 */
const SIMILARITY_NOISE = 0.05;
const SIMILARITY_FULL = 0.3;

/**
 * A candidate as close to a "less like this" paper as a clear match (the same scale as likes)
 * loses this much taste: more than a like gives, because a team that says "not this" about a
 * sub-topic means it, and one such paper should outweigh mild resemblance to a saved one.
 */
export const DISLIKE_WEIGHT = 2;

export interface Taste {
  kind: 'none' | 'similarity' | 'model';
  /**
   * -1..1 for each candidate: how much the channel's labels suggest it will like it (saved papers
   * raise it, "less like this" papers lower it).
   * `selves[i]` is the candidate's own vector when the team saved it, left out of its comparison
   * (a paper is not evidence for itself).
   */
  scoreAll(vs: SparseVector[], selves: Array<SparseVector | undefined>): number[];
  /** How many saved papers it is like (for "like 3 papers your team saved"). */
  likes(v: SparseVector, self?: SparseVector): number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * L2-regularized logistic regression on sparse tf-idf vectors, trained by a few epochs of SGD:
 * saved papers are positives, the other candidates negatives (arxiv-sanity trains a linear SVM per
 * tag the same way). Hand-written: it is thirty lines, and no kept npm package trains sparse linear
 * models without pulling a numeric stack.
 */
function trainLogistic(pos: SparseVector[], neg: SparseVector[], dims: number, epochs = 30, lr = 0.5, l2 = 0.01): (v: SparseVector) => number {
  const w = new Float64Array(dims);
  let b = 0;
  const data: Array<[SparseVector, number]> = [...pos.map((v) => [v, 1] as [SparseVector, number]), ...neg.map((v) => [v, 0] as [SparseVector, number])];
  // balance: positives are few; weight them up so the model does not just say "no"
  const posWeight = neg.length > 0 ? Math.max(1, neg.length / Math.max(1, pos.length)) : 1;
  for (let e = 0; e < epochs; e++) {
    // deterministic order that still mixes classes: interleave by a fixed (prime) stride
    for (let i = 0; i < data.length; i++) {
      const [x, y] = data[(i * 7919) % data.length];
      const p = sigmoid(dotDense(w, x) + b);
      const g = (p - y) * (y === 1 ? posWeight : 1);
      // L2 applied lazily, to the weights this example touches (the usual sparse SGD shortcut).
      for (let k = 0; k < x.ids.length; k++) w[x.ids[k]] -= lr * (g * x.weights[k] + l2 * w[x.ids[k]]);
      b -= lr * g;
    }
  }
  return (v) => dotDense(w, v) + b;
}

function nearest(saved: SparseVector[], v: SparseVector, self?: SparseVector): number {
  let best = 0;
  for (const s of saved) if (s !== self) best = Math.max(best, dot(s, v));
  return Math.min(1, Math.max(0, (best - SIMILARITY_NOISE) / (SIMILARITY_FULL - SIMILARITY_NOISE)));
}

/**
 * The team's taste from its saved papers. Fewer than MIN_BOOKMARKS_FOR_MODEL: similarity to the
 * nearest saved paper. From then on a linear model over tf-idf features, whose scores only rank
 * (trained on today's candidates as negatives, it memorizes them: its raw probabilities for
 * candidates are all small), so its part is the model's rank among today's candidates (min-max
 * of the logit) averaged with nearest-saved similarity, which keeps an absolute footing: a day
 * where nothing resembles what the team saved gives nobody a large taste score.
 */
export function learnTaste(saved: SparseVector[], others: SparseVector[], dims: number, disliked: SparseVector[] = []): Taste {
  const likes = (v: SparseVector, self?: SparseVector) => saved.filter((s) => s !== self && dot(s, v) >= LIKE_THRESHOLD).length;
  if (saved.length === 0 && disliked.length === 0) return { kind: 'none', likes: () => 0, scoreAll: (vs) => vs.map(() => 0) };
  // "Less like this": nearest-disliked similarity on the likes' scale, subtracted (a paper is its own evidence here: it was shown and refused).
  // Against the nearest marked paper and against their centroid: what the marked papers share
  // (the sub-topic's words: "video", "temporal") weighs most in the centroid.
  const centre = disliked.length > 1 ? [centroid(disliked)] : disliked;
  const minus = (vs: SparseVector[]) => vs.map((v) => (disliked.length ? DISLIKE_WEIGHT * Math.max(nearest(disliked, v), nearest(centre, v)) : 0));
  const net = (plus: number[], vs: SparseVector[]) => {
    const m = minus(vs);
    return plus.map((p, i) => Math.max(-1, Math.min(1, p - m[i])));
  };
  const similarity = (vs: SparseVector[], selves: Array<SparseVector | undefined>) => vs.map((v, i) => (saved.length ? nearest(saved, v, selves[i]) : 0));
  if (saved.length < MIN_BOOKMARKS_FOR_MODEL) return { kind: 'similarity', likes, scoreAll: (vs, selves) => net(similarity(vs, selves), vs) };
  // Disliked papers are negatives of the model too, next to today's other candidates.
  const logit = trainLogistic(saved, [...others, ...disliked], dims);
  return {
    kind: 'model',
    likes,
    scoreAll(vs, selves) {
      const sim = similarity(vs, selves);
      const raw = vs.map((v) => logit(v));
      const lo = Math.min(...raw);
      const span = Math.max(...raw) - lo;
      return net(raw.map((r, i) => 0.5 * (span > 1e-9 ? (r - lo) / span : 0) + 0.5 * sim[i]), vs);
    },
  };
}
