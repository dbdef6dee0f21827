import type { App } from '../src/app.js';
import { learnLibraryVectors, type LearnReport } from '../src/search/vector-store.js';

/**
 * The scheduled re-learning of the semantic layer's word vectors (docs/search.md): a thin wrapper
 * around learnLibraryVectors that logs one line. Every process picks the new row up within a minute.
 */
export async function learnVectorsJob(app: App): Promise<LearnReport> {
  const report = await learnLibraryVectors(app.db);
  if (report.status === 'too-small') {
    app.log.info({ papers: report.papers, needed: report.needed }, 'word vectors not learned: the library is too small, search stays lexical');
  } else {
    app.log.info({ papers: report.papers, terms: report.terms, seconds: Number(report.seconds.toFixed(1)) }, 'word vectors learned');
  }
  return report;
}
