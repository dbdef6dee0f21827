/**
 * Maximal marginal relevance: pick k items, each time the one with the best
 * lambda * score - (1 - lambda) * (max similarity to what is already picked),
 * so five picks are not five versions of one idea.
 */
export function mmr<T>(items: T[], score: (t: T) => number, similarity: (a: T, b: T) => number, k: number, lambda = 0.7): T[] {
  const picked: T[] = [];
  const rest = [...items];
  while (picked.length < k && rest.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < rest.length; i++) {
      const redundancy = picked.length ? Math.max(...picked.map((p) => similarity(p, rest[i]))) : 0;
      const value = lambda * score(rest[i]) - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    picked.push(rest.splice(best, 1)[0]);
  }
  return picked;
}
