// Sentence compression by rules: what a human TL;DR leaves out of an abstract sentence is the
// lead-in ("To address this, in this paper we") and asides in brackets. (Cutting trailing clauses
// short of the budget loses more matching content than it saves: measured on SciTLDR dev.)

// The subject that starts the contribution once the lead-in is gone.
const SUBJECT = String.raw`(?:we|this (?:paper|work|study|article|note|report)|our (?:\w+ )?(?:paper|work|method|approach|model|framework|algorithm|results?|analysis|experiments?)|the proposed|it)\b`;
// Lead-ins that carry no content of their own: discourse markers, "In this paper", purpose and
// contrast clauses ("To address this issue", "Unlike prior work that ..."), participial openers.
const LEAD_IN = new RegExp(
  String.raw`^(?:(?:in|through(?:out)?) (?:this|the present|our) (?:paper|work|study|article|note|report|thesis)|here|specifically|in particular|to this end|to that end|therefore|thus|hence|accordingly|consequently|instead|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly|moreover|furthermore|additionally|in addition|also|further|besides|notably|importantly|crucially|concretely|in contrast|by contrast|on the other hand|as a result|overall|in summary|in short|in conclusion|to [a-z]+\b[^,]{0,120}|in order to\b[^,]{0,120}|(?:in|within|under|for) (?:this|our|the present) [a-z]+(?: [a-z]+)?|upon\b[^,]{0,120}|in light of\b[^,]{0,120}|as an? (?:alternative|remedy|solution|first step)|(?:while|whereas|although|though|unlike|contrary to|in contrast to|different from|as opposed to|despite|motivated by|inspired by|based on|building (?:on|upon)|following|drawing on|leveraging|given|towards?|with this (?:in mind|motivation|goal))\b[^,]{0,160})(?:,\s*|\s+(?=we\b))`,
  'i',
);

const STARTS_AT_SUBJECT = new RegExp(`^${SUBJECT}`, 'i');

/** Remove content-free lead-ins so the sentence starts at its subject ("We propose ..."). */
export function stripLeadIn(sentence: string): string {
  let s = sentence;
  for (let i = 0; i < 3; i++) {
    const m = LEAD_IN.exec(s);
    if (!m) break;
    const rest = s.slice(m[0].length);
    // Only when what follows is the subject: "Based on X, we ..." yes; "Based on X, Y is ..." no.
    if (!STARTS_AT_SUBJECT.test(rest) && !/^(?:in this|here|specifically|to this end)/i.test(rest)) break;
    s = rest;
  }
  return capitalize(s);
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

// Brackets that are asides: examples, "i.e." glosses, clauses, citations. A bare acronym stays,
// and so does a bracket glued to a word, which is notation: O(n log n), f(x).
const ASIDE = /\s\((?![A-Z][A-Za-z0-9-]{0,14}s?\))[^()]{1,200}\)/g;
// Dash asides: " -- detail -- " or " — detail — "
const DASH_ASIDE = /\s(?:--|—|–)\s[^—–]{1,160}?\s(?:--|—|–)\s/g;

export function dropAsides(sentence: string): string {
  return sentence.replace(ASIDE, '').replace(DASH_ASIDE, ' ').replace(/\s+([,.;:])/g, '$1').replace(/\s{2,}/g, ' ').trim();
}

/** A sentence without its lead-in and asides; the length budget is fit.ts's job. */
export function compressSentence(sentence: string): string {
  return dropAsides(stripLeadIn(sentence));
}
