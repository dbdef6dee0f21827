/**
 * Maximal marginal relevance: pick k items, each time the one with the best
 * lambda * score - (1 - lambda) * (max similarity to what is already picked),
 * so five picks are not five versions of one idea. The max similarity of each item is kept up
 * to date as picks are made (one similarity per item per pick: O(k n)).
 */
export function mmr<T>(items: T[], score: (t: T) => number, similarity: (a: T, b: T) => number, k: number, lambda = 0.7): T[] {
  const picked: T[] = [];
  const rest = [...items];
  const redundancy = rest.map(() => 0);
  while (picked.length < k && rest.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < rest.length; i++) {
      const value = lambda * score(rest[i]) - (1 - lambda) * redundancy[i];
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const [chosen] = rest.splice(best, 1);
    redundancy.splice(best, 1);
    picked.push(chosen);
    for (let i = 0; i < rest.length; i++) redundancy[i] = Math.max(redundancy[i], similarity(chosen, rest[i]));
  }
  return picked;
}
