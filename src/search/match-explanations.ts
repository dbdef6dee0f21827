/**
 * Why each hit matched: for every query concept, the best of its forms the paper holds ("SD" for
 * "speculative decoding", "QLoRA" for "lora") and the fields it is in. Replies show it, so a reader can
 * tell an acronym or typo match from an exact one.
 */
import type { Ranked } from './bm25f.js';
import * as layout from './index-layout.js';
import type { IndexStore } from './index-store.js';
import type { Concept } from './query-plan.js';
import type { Match, MatchField, SearchHit } from './search-index.js';

// Module constants for the hot loops (index-layout.ts says why).
const { FIELD_NAMES, ID, SEP } = layout;

export interface MatchExplainer {
  /** Ranked papers as hits, each with its explanation. */
  toHits(ranked: Ranked, concepts: Concept[]): SearchHit[];
}

export function createMatchExplainer(store: IndexStore): MatchExplainer {
  const { postings, streams } = store;

  /** The fields where the term (or, for a phrase, the terms in order) occurs. */
  function fieldsWith(terms: number[], phrase: boolean, doc: number): MatchField[] {
    const seq = streams.seqOf(doc);
    const found = [false, false, false];
    let field = 0;
    let k = 0;
    for (let j = 0; j < seq.length; j++) {
      let t = seq[j];
      if (t === SEP) {
        field++;
        k = 0;
        continue;
      }
      if (t < -1) {
        if (phrase) continue;
        t = -t - 2;
      } else t &= ID;
      if (!phrase) {
        if (t === terms[0]) found[field] = true;
        continue;
      }
      if (t === terms[k]) {
        if (++k === terms.length) {
          found[field] = true;
          k = 0;
        }
      } else k = t === terms[0] ? 1 : 0;
    }
    return FIELD_NAMES.filter((_, f) => found[f]);
  }

  function explain(doc: number, concepts: Concept[]): Match[] {
    const out: Match[] = [];
    for (const c of concepts) {
      for (const a of c.alts) {
        if (a.kind === 'term' && postings.findPosting(a.term, doc) < 0) continue;
        const fields = a.kind === 'term' ? fieldsWith([a.term], false, doc) : fieldsWith(a.terms, true, doc);
        if (fields.length === 0) continue;
        out.push({ query: c.label, form: a.form, via: a.via, fields });
        // One explanation per concept: its best alternative present (alternatives are listed best first).
        break;
      }
    }
    return out;
  }

  function toHits(ranked: Ranked, concepts: Concept[]): SearchHit[] {
    return ranked.map((r) => {
      const matches = explain(r.doc, concepts);
      return { id: store.docExt[r.doc], score: r.score, matched: [...new Set(matches.map((m) => m.form))], matches };
    });
  }

  return { toHits };
}
