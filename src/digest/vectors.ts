/** Sparse tf-idf vectors over a set of documents: what taste and diversity compare. */
export type SparseVector = Map<string, number>;

export type Tokenize = (text: string) => string[];

/** Term counts -> tf-idf weights (sublinear tf, smoothed idf), L2-normalized. */
export function tfidfVectors(docs: string[][]): SparseVector[] {
  const df = new Map<string, number>();
  for (const terms of docs) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return docs.map((terms) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v: SparseVector = new Map();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const u = large.get(t);
    if (u !== undefined) s += w * u;
  }
  return s;
}
