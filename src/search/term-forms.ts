/**
 * How the library writes its terms, for the query planner and for replies: the surface form of each
 * stemmed term ("speculative", not "specul"), names with inner capitals cut into the keys they answer
 * to ("lora" -> QLoRA, composites.ts), and hyphenated words by their hyphen-free spelling
 * ("multitask" -> multi-task).
 */
import type { Token } from './analyzer.js';
import { isNameLike, nameSegments } from './composites.js';

export interface TermForms {
  /** First surface form seen for each word term, to show "speculative" rather than the stem "specul". */
  readonly surfaceOf: string[];
  /** How a name or a hyphenated word is written: "QLoRA", "multi-task". */
  readonly displayOf: Map<number, string>;
  /** Composite-name key -> the name terms it answers to. */
  readonly segments: Map<string, number[]>;
  /** Hyphen-free spelling -> the hyphenated terms written that way. */
  readonly joinedToCompound: Map<string, number[]>;
  /** A new term's surface form (called once, when the term is created). */
  noteSurface(id: number, surface: string): void;
  /** A written word that may be a composite name (LongQLoRA): record the keys it answers to. */
  noteName(token: Token, id: number): void;
  /** A hyphenated word (`id`) and its hyphen-free spelling. */
  noteCompound(joined: string, id: number, surface: string): void;
}

export function createTermForms(): TermForms {
  const surfaceOf: string[] = [];
  const displayOf = new Map<number, string>();
  const segments = new Map<string, number[]>();
  const segmentedForms = new Set<string>();
  const joinedToCompound = new Map<string, number[]>();

  function noteName(token: Token, id: number) {
    // Most words are lower case, or capitalized only at the start: not names.
    if (token.original.length < 4 || token.original.slice(1) === token.surface.slice(1)) return;
    if (segmentedForms.has(token.original) || !isNameLike(token.original)) return;
    segmentedForms.add(token.original);
    if (!displayOf.has(id)) displayOf.set(id, token.original);
    for (const key of nameSegments(token.original)) {
      let list = segments.get(key);
      if (!list) segments.set(key, (list = []));
      if (!list.includes(id)) list.push(id);
    }
  }

  function noteCompound(joined: string, id: number, surface: string) {
    let list = joinedToCompound.get(joined);
    if (!list) joinedToCompound.set(joined, (list = []));
    if (!list.includes(id)) list.push(id);
    if (!displayOf.has(id)) displayOf.set(id, surface);
  }

  return {
    surfaceOf,
    displayOf,
    segments,
    joinedToCompound,
    noteSurface: (id, surface) => {
      surfaceOf[id] = surface;
    },
    noteName,
    noteCompound,
  };
}
