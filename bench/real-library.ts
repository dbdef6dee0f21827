/**
 * The real 100k arXiv ML papers in ../shared/data (never copied into the repository), read as a stream
 * in pages, so the raw text is not held beside the index being measured.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

export const REAL_CORPUS = fileURLToPath(new URL('../../shared/data/arxiv-ml-100k.jsonl.gz', import.meta.url));

export interface CorpusPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
}

export const hasRealCorpus = () => existsSync(REAL_CORPUS);

/** Up to n papers in pages of `page`, in file order; `onPage` may be async (awaited before reading on). */
export async function readRealPages(n: number, page: number, onPage: (papers: CorpusPaper[]) => void | Promise<void>): Promise<number> {
  const lines = createInterface({ input: createReadStream(REAL_CORPUS).pipe(createGunzip()), crlfDelay: Infinity });
  let buf: CorpusPaper[] = [];
  let read = 0;
  for await (const line of lines) {
    if (read >= n) break;
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { id: string; title?: string; abstract?: string; authors?: string[] | string };
    const authors = Array.isArray(r.authors) ? r.authors : typeof r.authors === 'string' ? r.authors.split(/,\s*/) : [];
    buf.push({ id: String(r.id), title: r.title ?? '', abstract: r.abstract ?? '', authors });
    read++;
    if (buf.length === page) {
      await onPage(buf);
      buf = [];
    }
  }
  lines.close();
  if (buf.length) await onPage(buf);
  return read;
}
