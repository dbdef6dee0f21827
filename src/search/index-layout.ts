/**
 * The index's memory layout, shared by every part of the engine that reads postings or paper streams.
 * Chosen for 100k+ papers in a few hundred MB with millisecond queries (docs/search.md, "Memory layout"):
 * - postings per term: paper numbers (Int32Array, ascending) and per-field counts packed in 16 bits,
 *   in half occurrences: title 5 bits, abstract 6, authors 5 (see postings.ts);
 * - per paper, its analyzed stream (title, SEP, abstract, SEP, authors): a word is its term id, a part of
 *   a hyphenated word is `id | PART`, and the whole hyphenated word is stored as -(id + 2) before its
 *   parts. Kept as varints in one byte arena (paper-streams.ts).
 * Modules with hot loops copy these into module constants (`const { SEP } = layout`): V8 reads an
 * imported binding through its module cell at every use, which made queries ~5% slower.
 */
import type { MatchField } from './search-index.js';

/** Field separator in a paper's stream. */
export const SEP = -1;
/** Set on a stream entry that is a part of a hyphenated word. */
export const PART = 1 << 29;
export const ID = PART - 1;
/** Counts are stored in half occurrences, so a hyphen part can count half (params.compoundPartWeight). */
export const UNIT = 0.5;
// Per-field counts packed in 16 bits, in half occurrences: title 5 bits, abstract 6, authors 5. BM25
// saturates long before the caps (15 title, 31 abstract occurrences), so nothing measurable is lost.
export const T_MASK = 31;
export const A_SHIFT = 5;
export const A_MASK = 63;
export const U_SHIFT = 11;
export const SHIFTS = [0, A_SHIFT, U_SHIFT];
export const CAPS = [T_MASK, A_MASK, 31];
export const TITLE = 0;
export const ABSTRACT = 1;
export const AUTHORS = 2;
export const FIELD_NAMES: MatchField[] = ['title', 'abstract', 'authors'];
