// A dozen lines rather than a dependency (p-limit): run fn over items, at most `limit` at a time.

/** Runs fn on every item with at most `limit` calls in flight; resolves when all have settled. */
export async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  const n = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: n }, worker));
}
