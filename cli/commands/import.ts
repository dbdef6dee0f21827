import { readFile } from 'node:fs/promises';
import { parsePaperLines } from '../../src/papers/json-lines.js';
import { openApp, UsageError } from '../open-app.js';

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  return readFile(file, 'utf8');
}

/** `paperbot import FILE|-`: JSON lines into the library, idempotent. */
export async function importCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) throw new UsageError('usage: paperbot import FILE|-');
  let text: string;
  try {
    text = await readInput(file);
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  const { records, errors } = parsePaperLines(text);
  for (const e of errors) process.stderr.write(`${file}:${e.line}: skipped: ${e.reason}\n`);
  const app = await openApp({ seed: false, syncIntervalMs: 0, quiet: true });
  try {
    const r = await app.addPapers(records);
    process.stdout.write(`imported ${records.length} papers (${r.inserted} new, ${r.updated} already known), ${errors.length} lines skipped\n`);
  } finally {
    await app.close();
  }
  return errors.length ? 1 : 0;
}
