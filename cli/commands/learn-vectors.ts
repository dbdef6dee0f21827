import { learnLibraryVectors } from '../../src/search/vector-store.js';
import { openApp } from '../open-app.js';

/** `paperbot learn-vectors`: learn the search's word vectors from the library now (the daily job does it too). */
export async function learnVectorsCommand(): Promise<number> {
  const app = await openApp({ syncIntervalMs: 0, quiet: true });
  try {
    process.stderr.write('reading the library and learning word vectors...\n');
    const r = await learnLibraryVectors(app.db);
    if (r.status === 'too-small') {
      process.stdout.write(`not learned: the library has ${r.papers.toLocaleString('en')} papers, word vectors need ${r.needed.toLocaleString('en')}; search stays lexical\n`);
      return 0;
    }
    process.stdout.write(`learned ${r.terms.toLocaleString('en')} word vectors (${r.dims} dimensions) from ${r.papers.toLocaleString('en')} papers in ${r.seconds.toFixed(1)} s\n`);
  } finally {
    await app.close();
  }
  return 0;
}
