import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tldrForLine } from '../../src/summarize/tldr-lines.js';

const BIN = fileURLToPath(new URL('../../bin/paperbot.mjs', import.meta.url));

function run(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No DATABASE_URL: the command must not need (or create) a database.
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '/nonexistent/should-not-open' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const GOOD = { title: 'TinyNet', abstract: 'Models are large. We propose TinyNet, a small model that runs 2.8x faster than BERT on GLUE.' };

describe('tldrForLine', () => {
  it('summarizes a {title, abstract} line', () => {
    expect(JSON.parse(tldrForLine(JSON.stringify(GOOD)).output)).toEqual({ tldr: 'We propose TinyNet, a small model that runs 2.8x faster than BERT on GLUE.' });
  });

  it('adds keyResult on request', () => {
    const out = JSON.parse(tldrForLine(JSON.stringify({ title: 'XNet', abstract: 'We propose XNet. XNet cuts latency by 40% on ImageNet.' }), { keyResult: true }).output);
    expect(out).toEqual({ tldr: 'We propose XNet.', keyResult: 'XNet cuts latency by 40% on ImageNet' });
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[1,2]', 'expected a JSON object'],
    ['"text"', 'expected a JSON object'],
    ['{"title":"x"}', 'missing "abstract"'],
    ['{"abstract":5}', '"abstract" is not a string'],
    ['{"title":5,"abstract":"x"}', '"title" is not a string'],
  ])('%s is malformed: {"tldr":""} and a reason', (line, reason) => {
    const r = tldrForLine(line);
    expect(r.output).toBe('{"tldr":""}');
    expect(r.error).toContain(reason);
  });

  it('an empty abstract is not malformed, just empty', () => {
    expect(tldrForLine('{"title":"x","abstract":""}')).toEqual({ output: '{"tldr":""}' });
  });
});

describe('paperbot tldr', () => {
  it('writes one line per non-empty input line, in order; numbered reasons on stderr; exit 1', async () => {
    const input = [JSON.stringify(GOOD), 'garbage', '', '   ', JSON.stringify({ abstract: 'We study why transformers count.' }), '{"title":"t"}'].join('\n') + '\n';
    const { code, stdout, stderr } = await run(['tldr'], input);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { tldr: 'We propose TinyNet, a small model that runs 2.8x faster than BERT on GLUE.' },
      { tldr: '' },
      { tldr: 'We study why transformers count.' },
      { tldr: '' },
    ]);
    expect(stderr).toMatch(/^line 2: not valid JSON/m);
    expect(stderr).toMatch(/^line 6: missing "abstract"/m);
    expect(code).toBe(1);
  });

  it('exits 0 when every line is good, thousands of lines in order', async () => {
    const input = Array.from({ length: 2_000 }, (_, i) => JSON.stringify({ title: `Paper ${i}`, abstract: `Background. We propose Method${i}, which works.` })).join('\n');
    const { code, stdout } = await run(['tldr'], input);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2_000);
    expect(JSON.parse(lines[1234]).tldr).toBe('We propose Method1234, which works.');
    expect(code).toBe(0);
  });

  it('stops quietly when the reader closes the pipe (| head)', async () => {
    const input = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ title: `P${i}`, abstract: `We propose Method${i}, which works well.` })).join('\n');
    const result = await new Promise<{ code: number | null; first: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'tldr'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let first = '';
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      child.stdout.once('data', (c) => {
        first = String(c).split('\n')[0];
        child.stdout.destroy();
      });
      child.stdin.on('error', () => {}); // it may stop reading before we finish writing
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, first, stderr }));
      child.stdin.end(input);
    });
    expect(JSON.parse(result.first).tldr).toBe('We propose Method0, which works well.');
    expect(result.stderr).not.toMatch(/Error|EPIPE/);
    expect(result.code).toBe(0);
  });

  it('refuses unknown arguments with usage', async () => {
    const { code, stderr } = await run(['tldr', '--bogus'], '');
    expect(code).toBe(2);
    expect(stderr).toContain('usage: paperbot tldr');
  });
});
