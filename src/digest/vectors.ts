/**
 * Sparse tf-idf vectors over a set of documents: what taste and diversity compare. Terms get
 * dense ids within the set, and a vector is its term ids (ascending) with their weights, so a dot
 * product is a merge of two sorted arrays: composing a thousand digests does millions of them.
 */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Term counts -> tf-idf weights (sublinear tf, smoothed idf), L2-normalized. `dims`: terms in the set. */
export function tfidfVectors(docs: string[][]): { vectors: SparseVector[]; dims: number } {
  const termId = new Map<string, number>();
  const counted = docs.map((terms) => {
    const tf = new Map<number, number>();
    for (const t of terms) {
      let id = termId.get(t);
      if (id === undefined) termId.set(t, (id = termId.size));
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    return tf;
  });
  const df = new Float64Array(termId.size);
  for (const tf of counted) for (const id of tf.keys()) df[id]++;
  const n = docs.length;
  const vectors = counted.map((tf) => {
    const ids = Int32Array.from([...tf.keys()].sort((a, b) => a - b));
    const weights = new Float64Array(ids.length);
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      const w = (1 + Math.log(tf.get(ids[i])!)) * (Math.log((1 + n) / (1 + df[ids[i]])) + 1);
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { ids, weights };
  });
  return { vectors, dims: termId.size };
}

/** Cosine of two normalized vectors. */
export function dot(a: SparseVector, b: SparseVector): number {
  let s = 0;
  let i = 0;
  let j = 0;
  const ai = a.ids;
  const bi = b.ids;
  while (i < ai.length && j < bi.length) {
    const x = ai[i];
    const y = bi[j];
    if (x === y) s += a.weights[i++] * b.weights[j++];
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/** A dense weight vector (a linear model) times a sparse one. */
export function dotDense(w: Float64Array, v: SparseVector): number {
  let s = 0;
  for (let i = 0; i < v.ids.length; i++) s += w[v.ids[i]] * v.weights[i];
  return s;
}

/** The L2-normalized mean of some vectors: what they share weighs most. */
export function centroid(vs: SparseVector[]): SparseVector {
  const sum = new Map<number, number>();
  for (const v of vs) for (let i = 0; i < v.ids.length; i++) sum.set(v.ids[i], (sum.get(v.ids[i]) ?? 0) + v.weights[i]);
  const ids = Int32Array.from([...sum.keys()].sort((a, b) => a - b));
  const weights = Float64Array.from(ids, (id) => sum.get(id)!);
  const norm = Math.sqrt(weights.reduce((s, w) => s + w * w, 0)) || 1;
  for (let i = 0; i < weights.length; i++) weights[i] /= norm;
  return { ids, weights };
}
