/**
 * A min-heap of (score, paper) keeping the best k: the ranking keeps the top candidates and the pruning
 * finds the k-th best score without sorting every scored paper.
 */
export class TopK {
  scores: Float64Array;
  docs: Int32Array;
  n = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.docs = new Int32Array(k);
  }
  min(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }
  push(score: number, doc: number) {
    const { scores, docs } = this;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (scores[p] <= score) break;
        scores[i] = scores[p];
        docs[i] = docs[p];
        i = p;
      }
      scores[i] = score;
      docs[i] = doc;
      return;
    }
    if (score <= scores[0]) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && scores[r] < scores[l] ? r : l;
      if (scores[c] >= score) break;
      scores[i] = scores[c];
      docs[i] = docs[c];
      i = c;
    }
    scores[i] = score;
    docs[i] = doc;
  }
  sorted(): Array<{ doc: number; score: number }> {
    const out = [];
    for (let i = 0; i < this.n; i++) out.push({ doc: this.docs[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
