// Two ways to run `paperbot ...` in tests. In-process (the CLI's own main(), output captured) is
// ~8 s cheaper a call; the real bin is for what only a process shows (exit on bad config, start-up).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { vi } from 'vitest';
import { main } from '../../cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const run = promisify(execFile);
const BIN = new URL('../../bin/paperbot.mjs', import.meta.url).pathname;

/** The real `node bin/paperbot.mjs` in a child process (the environment plus `env`). */
export async function spawnPaperbot(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as CliResult;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** main(args) in this process, with `env` over process.env and stdout/stderr captured. One at a time. */
export async function runPaperbot(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      out[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  for (const [k, v] of Object.entries({ LOG_LEVEL: 'warn', ...env })) vi.stubEnv(k, v);
  try {
    return { code: await main(args), ...out };
  } finally {
    for (const s of spies) s.mockRestore();
    vi.unstubAllEnvs();
  }
}
