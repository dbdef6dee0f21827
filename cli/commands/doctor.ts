import { countPapers } from '../../src/papers/store.js';
import { semanticStatus } from '../../src/search/vector-store.js';
import { openApp } from '../open-app.js';

/** `paperbot doctor`: what this deployment can do, one line each. */
export async function doctorCommand(): Promise<number> {
  const app = await openApp({ syncIntervalMs: 0, quiet: true });
  try {
    process.stdout.write(`library: ${(await countPapers(app.db)).toLocaleString('en')} papers\n`);
    process.stdout.write(`search index: ${app.search.size().toLocaleString('en')} papers\n`);
    process.stdout.write(`${(await semanticStatus(app.db, app.search)).line}\n`);
  } finally {
    await app.close();
  }
  return 0;
}
