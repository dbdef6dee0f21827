/**
 * Word vectors as text for storage (a database row, a cache file): int8 per value with one scale per
 * word, base64. A quarter of float32's size with the same nearest words; text fits PGlite and
 * PostgreSQL alike, no extension needed.
 */
import type { TermVectors } from './term-vectors.js';

export interface EncodedVectors {
  dims: number;
  papers: number;
  terms: string[];
  /** base64 of int8 values, terms.length x dims. */
  values: string;
  /** base64 of float32 scales, one per term. */
  scales: string;
}

export function encodeTermVectors(tv: TermVectors): EncodedVectors {
  const { dims, terms, vectors } = tv;
  const q = new Int8Array(terms.length * dims);
  const scales = new Float32Array(terms.length);
  for (let i = 0; i < terms.length; i++) {
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vectors[i * dims + d]));
    const s = max > 0 ? 127 / max : 0;
    for (let d = 0; d < dims; d++) q[i * dims + d] = Math.round(vectors[i * dims + d] * s);
    scales[i] = s > 0 ? 1 / s : 0;
  }
  return {
    dims,
    papers: tv.papers,
    terms,
    values: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
    scales: Buffer.from(scales.buffer, scales.byteOffset, scales.byteLength).toString('base64'),
  };
}

/** null when the parts do not fit together (a truncated or foreign row): the caller stays lexical. */
export function decodeTermVectors(e: EncodedVectors): TermVectors | null {
  const values = Buffer.from(e.values, 'base64');
  const scaleBytes = Buffer.from(e.scales, 'base64');
  if (!Number.isInteger(e.dims) || e.dims <= 0 || values.length !== e.terms.length * e.dims || scaleBytes.length !== e.terms.length * 4) return null;
  const q = new Int8Array(values.buffer, values.byteOffset, values.length);
  const scales = new Float32Array(scaleBytes.buffer.slice(scaleBytes.byteOffset, scaleBytes.byteOffset + scaleBytes.length));
  const vectors = new Float32Array(q.length);
  for (let i = 0; i < e.terms.length; i++) for (let d = 0; d < e.dims; d++) vectors[i * e.dims + d] = q[i * e.dims + d] * scales[i];
  return { dims: e.dims, papers: e.papers, terms: e.terms, vectors };
}
