/**
 * Growing typed arrays. The index keeps its postings, streams and per-paper data in typed arrays (a
 * fraction of the memory of JS arrays at 100k papers); these grow them by half when they fill.
 */

export function growInt32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, Math.ceil(a.length * 1.5) + 4));
  b.set(a);
  return b;
}
export function growUint32(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, Math.ceil(a.length * 1.5) + 4));
  b.set(a);
  return b;
}
export function growFloat64(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}
export function growFloat32(a: Float32Array, need: number): Float32Array {
  if (need <= a.length) return a;
  const b = new Float32Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}
export function growUint16(a: Uint16Array, need: number): Uint16Array {
  if (need <= a.length) return a;
  const b = new Uint16Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}
export function growUint8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  b.set(a);
  return b;
}
