/**
 * Every paper's analyzed stream, kept in one byte arena. The stream gives positions for phrases and
 * proximity, term vectors for "similar" and near-duplicates, and lets removal and compaction work
 * without the original text. Each entry is a varint of id * 4 + kind (word, hyphen part, whole
 * hyphenated word, field separator): frequent words get small ids, so most entries take one or two
 * bytes instead of four.
 *
 * A class rather than a closure: the hot loops of phrases, proximity and de-duplication inline
 * `seqOf`, and reading the arena through an object measured ~6% faster on phrase-heavy queries than
 * reading it from another closure's context.
 */
import * as layout from './index-layout.js';
import { growInt32 } from './typed-arrays.js';

// Module constants for the hot loops (index-layout.ts says why).
const { ID, PART, SEP } = layout;

export class PaperStreams {
  private arena: Uint8Array = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  private seqStart: Int32Array = new Int32Array(1024);
  private seqEnd: Int32Array = new Int32Array(1024);
  private seqScratch: Int32Array = new Int32Array(4096);

  /** A paper's stream, decoded into a shared buffer: use it before asking for another paper's. */
  seqOf(doc: number): Int32Array {
    const start = this.seqStart[doc];
    const end = this.seqEnd[doc];
    if (this.seqScratch.length < end - start) this.seqScratch = new Int32Array((end - start) * 2);
    const out = this.seqScratch;
    const a = this.arena;
    let n = 0;
    for (let j = start; j < end; ) {
      let b = a[j++];
      let e = b & 127;
      for (let shift = 7; b & 128; shift += 7) {
        b = a[j++];
        e |= (b & 127) << shift;
      }
      const id = e >>> 2;
      const kind = e & 3;
      out[n++] = kind === 0 ? id : kind === 1 ? id | PART : kind === 2 ? -id - 2 : SEP;
    }
    return out.subarray(0, n);
  }

  /** Store a paper's stream (entries as in index-layout.ts). */
  append(doc: number, stream: Int32Array) {
    this.reserveArena(stream.length * 5);
    const a = this.arena;
    let u = this.arenaUsed;
    this.seqStart[doc] = u;
    for (let i = 0; i < stream.length; i++) {
      const v = stream[i];
      let e = v === SEP ? 3 : v < -1 ? (-v - 2) * 4 + 2 : v & PART ? (v & ID) * 4 + 1 : v * 4;
      while (e >= 128) {
        a[u++] = (e & 127) | 128;
        e >>>= 7;
      }
      a[u++] = e;
    }
    this.arenaUsed = u;
    this.seqEnd[doc] = u;
  }

  ensureCapacity(need: number) {
    this.seqStart = growInt32(this.seqStart, need);
    this.seqEnd = growInt32(this.seqEnd, need);
  }

  /** Rewrite the arena for renumbered papers: `map[doc]` is the new number, or -1 for a dropped paper. */
  compact(map: Int32Array) {
    const oldArena = this.arena;
    const oldStart = this.seqStart.slice();
    const oldEnd = this.seqEnd.slice();
    this.arena = new Uint8Array(Math.max(1 << 16, this.arenaUsed));
    this.arenaUsed = 0;
    for (let d = 0; d < map.length; d++) if (map[d] >= 0) this.appendBytes(map[d], oldArena.subarray(oldStart[d], oldEnd[d]));
  }

  private reserveArena(bytes: number) {
    if (this.arenaUsed + bytes <= this.arena.length) return;
    const bigger = new Uint8Array(Math.max(this.arenaUsed + bytes, Math.ceil(this.arena.length * 1.25)));
    bigger.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = bigger;
  }

  private appendBytes(doc: number, bytes: Uint8Array) {
    this.reserveArena(bytes.length);
    this.arena.set(bytes, this.arenaUsed);
    this.seqStart[doc] = this.arenaUsed;
    this.arenaUsed += bytes.length;
    this.seqEnd[doc] = this.arenaUsed;
  }
}
