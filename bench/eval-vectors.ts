/**
 * Word vectors for eval:search, learned from the real 100k arXiv corpus (an experiment: the product
 * learns from its own library). Learning takes minutes, so the result is cached in the temp folder,
 * keyed by the corpus size and the learner's options; `--relearn` ignores the cache.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { progress } from '../src/progress.js';
import { contentWords } from '../src/search/learn-from-text.js';
import { learnTermVectors, type LearnOptions, type TermVectors } from '../src/search/term-vectors.js';
import { decodeTermVectors, encodeTermVectors } from '../src/search/vector-codec.js';
import { readRealPages, REAL_CORPUS } from './real-library.js';

export async function corpusVectors(n: number, options: LearnOptions = {}, relearn = false): Promise<{ tv: TermVectors; analyzeS: number; learnS: number } | null> {
  if (!existsSync(REAL_CORPUS)) return null;
  const key = `${n}-${options.context ?? 'window'}-${options.dims ?? 128}-${options.window ?? 5}-${options.minDf ?? 3}-${statSync(REAL_CORPUS).size}`;
  const file = path.join(os.tmpdir(), `paperbot-eval-vectors-${key}.json`);
  if (!relearn && existsSync(file)) {
    const tv = decodeTermVectors(JSON.parse(readFileSync(file, 'utf8')));
    if (tv) return { tv, analyzeS: 0, learnS: 0 };
  }
  const docs: string[][] = [];
  let t = performance.now();
  const read = progress('reading the corpus', n);
  await readRealPages(n, 5_000, (page) => {
    for (const d of page) docs.push(contentWords(d.title, d.abstract));
    read.tick(docs.length);
  });
  read.end();
  const analyzeS = (performance.now() - t) / 1000;
  t = performance.now();
  const bar = progress('learning word vectors', docs.length);
  const tv = learnTermVectors(() => docs, { ...options, onProgress: (done) => bar.tick(done) });
  bar.end(`${tv.terms.length.toLocaleString('en')} words`);
  const learnS = (performance.now() - t) / 1000;
  writeFileSync(file, JSON.stringify(encodeTermVectors(tv)));
  return { tv, analyzeS, learnS };
}
