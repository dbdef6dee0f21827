// Child paperbot processes for the production smoke test: spawned as `node bin/paperbot.mjs ...`
// (what the Docker image runs), their JSON log lines collected, stopped with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/paperbot.mjs', import.meta.url));

export interface LogLine {
  msg?: string;
  level?: number;
  [k: string]: unknown;
}

export interface PaperbotProcess {
  name: string;
  child: ChildProcess;
  /** Every line the process wrote (stdout and stderr), raw. */
  output(): string;
  /** Resolves with the first JSON log line matching; rejects if the process exits or time runs out. */
  waitForLog(pred: (l: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export function startPaperbot(name: string, args: string[], env: Record<string, string>): PaperbotProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    buffered += text;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p) as LogLine);
      } catch {
        // not a log line
      }
    }
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited: number | null | undefined;
  const exit = once(child, 'exit').then(([code]) => {
    exited = code as number | null;
    for (const w of waiters) w();
    return exited;
  });

  return {
    name,
    child,
    output: () => out,
    waitForLog(pred, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`${name}: timed out waiting for ${what}\n${out.slice(-3000)}`)), timeoutMs);
        const check = () => {
          const hit = lines.find(pred);
          if (hit) return done(null, hit);
          if (exited !== undefined) done(new Error(`${name} exited (${exited}) before ${what}\n${out.slice(-3000)}`));
        };
        const done = (err: Error | null, line?: LogLine) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(line!);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 10_000) {
      if (exited !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Sum of a Prometheus text-format metric over the series whose labels include `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) sum += Number(m[3]);
  }
  return sum;
}
