/**
 * A seeded random number generator for benchmark data and fault injection in fakes: the same seed gives
 * the same sequence on every run and machine (Math.random cannot be seeded). mulberry32, hand-written
 * because it is eight lines and every bench and fake needs exactly this; a dependency would add nothing.
 *
 *   import { seededRandom } from './random.js';
 *   const next = seededRandom(42);   // next() -> a number in [0, 1)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
