/**
 * BM25F length normalization, precomputed: per field and paper, field weight / (1 - b + b * length /
 * average length), so a posting costs a few multiplications at query time. Recomputed for all papers
 * only when an average length drifts by over 2%.
 */
import { UNIT } from './index-layout.js';
import type { RankingParams } from './params.js';
import { growFloat32 } from './typed-arrays.js';

/** The per-paper field lengths the norms are computed from. */
export interface FieldLengths {
  readonly len: Uint16Array[];
  readonly lenSum: number[];
  readonly liveDocs: number;
  readonly alive: Uint8Array;
  readonly docExt: string[];
}

export interface FieldNorms {
  /** Per field (title, abstract, authors), per paper: the weight of one half occurrence. */
  inv: Float32Array[];
  ensureCapacity(need: number): void;
  /** A paper just added, with the current averages. */
  update(doc: number, len: Uint16Array[]): void;
  /** Recompute every live paper's norms if an average moved by over 2% (or when forced). */
  refresh(papers: FieldLengths, force?: boolean): void;
}

/** Field weights per stored count unit (half occurrences): title, abstract, authors. */
export function unitWeights(P: RankingParams): number[] {
  return [P.title.weight * UNIT, P.abstract.weight * UNIT, P.authors.weight * UNIT];
}

export function createFieldNorms(P: RankingParams): FieldNorms {
  const W = unitWeights(P);
  const B = [P.title.b, P.abstract.b, P.authors.b];
  const invAvg = [0, 0, 0];
  const norms: FieldNorms = {
    inv: [new Float32Array(1024), new Float32Array(1024), new Float32Array(1024)],
    ensureCapacity(need) {
      norms.inv = norms.inv.map((a) => growFloat32(a, need));
    },
    update,
    refresh(papers, force = false) {
      let drift = force;
      for (let f = 0; f < 3; f++) {
        const avg = papers.liveDocs ? papers.lenSum[f] / papers.liveDocs : 0;
        if (Math.abs(avg - invAvg[f]) > 0.02 * Math.max(avg, invAvg[f])) drift = true;
      }
      if (!drift) return;
      for (let f = 0; f < 3; f++) invAvg[f] = papers.liveDocs ? papers.lenSum[f] / papers.liveDocs : 0;
      for (let d = 0; d < papers.docExt.length; d++) if (papers.alive[d]) update(d, papers.len);
    },
  };

  function update(doc: number, len: Uint16Array[]) {
    const inv = norms.inv;
    for (let f = 0; f < 3; f++) inv[f][doc] = invAvg[f] > 0 ? W[f] / (1 - B[f] + (B[f] * len[f][doc]) / invAvg[f]) : W[f];
  }

  return norms;
}
