import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { paperLineBatches } from '../../src/papers/json-lines.js';
import { progress } from '../../src/progress.js';
import { openApp, UsageError } from '../open-app.js';

const BATCH = 1_000;
const SHOWN_ERRORS = 20;

/** The bytes of FILE or stdin, gunzipped when they start with gzip's magic number; `read` counts raw bytes. */
async function openLines(file: string, counter: { read: number }): Promise<AsyncIterable<string>> {
  const raw: AsyncIterable<Buffer> = file === '-' ? process.stdin : createReadStream(file);
  const it = raw[Symbol.asyncIterator]();
  // Read the first chunk now, so a missing file fails here with its reason.
  const first = await it.next();
  const counted = Readable.from(
    (async function* () {
      if (!first.done) {
        counter.read += first.value.length;
        yield first.value;
      }
      for (let n = await it.next(); !n.done; n = await it.next()) {
        counter.read += n.value.length;
        yield n.value;
      }
    })(),
  );
  const gz = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  const rl = createInterface({ input: gz ? counted.pipe(createGunzip()) : counted, crlfDelay: Infinity });
  // The iterator buffers from now on; lines emitted before it exists would be lost.
  const lines = rl[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: () => lines };
}

/** `paperbot import FILE|-`: JSON lines (gzipped or not) into the library, streamed in batches, idempotent. */
export async function importCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) throw new UsageError('usage: paperbot import FILE|-   (JSON lines, .gz read as is)');
  const counter = { read: 0 };
  let lines: AsyncIterable<string>;
  let size = 0;
  try {
    if (file !== '-') size = (await stat(file)).size;
    lines = await openLines(file, counter);
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  const app = await openApp({ seed: false, syncIntervalMs: 0, quiet: true });
  // On a terminal a bar by bytes read (the file's size is known, its paper count is not).
  const bar = size > 0 && process.stderr.isTTY ? progress(`importing ${file}`, size) : null;
  let papers = 0;
  let inserted = 0;
  let skipped = 0;
  try {
    for await (const batch of paperLineBatches(lines, BATCH)) {
      for (const e of batch.errors) {
        if (skipped++ < SHOWN_ERRORS) process.stderr.write(`${file}:${e.line}: skipped: ${e.reason}\n`);
      }
      if (batch.records.length) {
        const r = await app.addPapers(batch.records);
        papers += batch.records.length;
        inserted += r.inserted;
      }
      bar?.tick(counter.read);
    }
  } catch (e) {
    // A read or gzip error mid-file: the batches before it are stored.
    process.stderr.write(`cannot read ${file} past ${papers} papers: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    await app.close();
    return 1;
  } finally {
    bar?.end(`${papers} papers`);
  }
  try {
    if (skipped > SHOWN_ERRORS) process.stderr.write(`... and ${skipped - SHOWN_ERRORS} more lines skipped\n`);
    process.stdout.write(`imported ${papers} papers (${inserted} new, ${papers - inserted} already known), ${skipped} lines skipped\n`);
  } finally {
    await app.close();
  }
  return skipped ? 1 : 0;
}
