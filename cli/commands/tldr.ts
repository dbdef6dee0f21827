import { createInterface } from 'node:readline';
import { tldrForLine } from '../../src/summarize/tldr-lines.js';
import { UsageError } from '../open-app.js';

const USAGE = `usage: paperbot tldr [--key-result] < papers.jsonl
  reads JSON lines {"title": ..., "abstract": ...} on stdin and writes one {"tldr": ...} line per
  non-empty input line, in order. A malformed line gets {"tldr":""} and a numbered reason on
  stderr; the exit code is then 1. --key-result adds "keyResult" to each output line.`;

// Output is batched: one write per line would make thousands of lines syscall-bound.
const FLUSH_AT = 64 * 1024;

/** `paperbot tldr`: extractive TL;DRs for JSON lines on stdin (no database). */
export async function tldrCommand(args: string[]): Promise<number> {
  let keyResult = false;
  for (const a of args) {
    if (a === '--key-result') keyResult = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else throw new UsageError(`unknown argument "${a}"\n${USAGE}`);
  }
  if (process.stdin.isTTY) process.stderr.write('reading JSON lines from stdin (end with Ctrl-D)\n');

  let pending = '';
  let stdoutClosed = false;
  process.stdout.on('error', () => {
    // A closed pipe (`| head`): stop writing, finish quietly.
    stdoutClosed = true;
  });
  const flush = async () => {
    if (!pending || stdoutClosed) return;
    const chunk = pending;
    pending = '';
    if (process.stdout.write(chunk)) return;
    // Wait for the pipe to drain, or to close (then 'drain' never comes).
    await new Promise<void>((resolve) => {
      const done = () => {
        process.stdout.off('drain', done).off('error', done).off('close', done);
        resolve();
      };
      process.stdout.on('drain', done).on('error', done).on('close', done);
    });
  };

  let lineNo = 0;
  let malformed = 0;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNo++;
    if (!raw.trim()) continue;
    const r = tldrForLine(raw, { keyResult });
    if (r.error) {
      malformed++;
      process.stderr.write(`line ${lineNo}: ${r.error}\n`);
    }
    pending += `${r.output}\n`;
    if (pending.length >= FLUSH_AT) await flush();
    if (stdoutClosed) break;
  }
  await flush();
  if (malformed) process.stderr.write(`${malformed} malformed line${malformed === 1 ? '' : 's'} of ${lineNo}\n`);
  return malformed ? 1 : 0;
}
