// `npm start` with no platform on a terminal is the console chat: log lines must not land in the
// conversation. Only a real terminal shows this, so the bot runs under `script` (a pseudo-terminal).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/paperbot.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'paperbot-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function platformFreeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|DISCORD_|REDIS_URL)/.test(k)) env[k] = v;
  return { ...env, DATABASE_URL: 'memory://', LOG_LEVEL: 'info', TERM: 'dumb' };
}

describe.runIf(existsSync('/usr/bin/script'))('console chat on a terminal', () => {
  it('shows only the conversation; the log lines go to data/paperbot.log', async () => {
    const child = spawn('/usr/bin/script', ['-qfec', `${process.execPath} ${BIN} start`, '/dev/null'], { cwd: dir, env: platformFreeEnv() });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const until = async (pattern: RegExp, ms: number) => {
      const end = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${String(pattern)}; got: ${out.slice(-500)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await until(/"quit" to leave/, 60_000);
      child.stdin.write('/papers lora\n');
      await until(/LoRA/, 30_000);
      child.stdin.write('quit\n');
      await exited;
    } finally {
      child.kill();
    }
    expect(out).toContain('logs: data/paperbot.log');
    expect(out).not.toMatch(/\{"level"/);
    expect(readFileSync(join(dir, 'data', 'paperbot.log'), 'utf8')).toMatch(/"level":30/);
  }, 90_000);
});
