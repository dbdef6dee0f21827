/**
 * Composite names: "QLoRA", "LoRAMoE", "LongQLoRA", "LoraHub" mention LoRA (and MoE, Hub). A name is
 * cut where its letter case or letter/digit kind changes, and every run of whole segments is a key:
 * "LoRAMoE" -> lora, moe (and "LongQLoRA" -> long, qlora, lora, ...). A query word that is such a key
 * also matches the names that contain it. The keys come from the names themselves, not from the
 * acronym dictionary, so a name indexed before its acronym was ever defined is still found.
 */

const MAX_BOUNDARIES = 8;
const MIN_KEY = 3;

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();
const isDigit = (c: string) => c >= '0' && c <= '9';

/** Whether a word written this way is a name worth cutting: an upper-case letter after the first character, and a lower-case one somewhere. */
export function isNameLike(word: string): boolean {
  let upperInside = false;
  let lower = false;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (i > 0 && isUpper(c)) upperInside = true;
    if (isLower(c)) lower = true;
  }
  return upperInside && lower;
}

/** The lower-case keys a name answers to, without the whole name itself. */
export function nameSegments(word: string): string[] {
  if (word.length < MIN_KEY + 1 || word.length > 40 || !isNameLike(word)) return [];
  const cuts: number[] = [0];
  for (let i = 1; i < word.length; i++) {
    const c = word[i];
    const prev = word[i - 1];
    const next = word[i + 1] ?? '';
    const camel = isUpper(c) && (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(next)));
    const kind = isDigit(c) !== isDigit(prev);
    if (camel || kind) cuts.push(i);
  }
  cuts.push(word.length);
  if (cuts.length > MAX_BOUNDARIES + 1) return [];
  const keys = new Set<string>();
  for (let a = 0; a < cuts.length; a++) {
    for (let b = a + 1; b < cuts.length; b++) {
      if (a === 0 && b === cuts.length - 1) continue;
      const key = word.slice(cuts[a], cuts[b]);
      if (key.length >= MIN_KEY && /\p{L}/u.test(key)) keys.add(key.toLowerCase());
    }
  }
  return [...keys];
}
