// bench:slack-stalled: 100 unauthenticated connections each start a ~4 MB body to /slack/events
// (forged signature, fresh timestamp, no content-length: the worst case for a size check) and then
// stall. Prints the server's RSS growth for plain Bolt (the baseline, same run) and for Bolt behind
// paperbot's request guard. Goal: < 50 MB growth with the guard.
import { fork, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from '../src/progress.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 100);
const BODY_BYTES = 4 * 1024 * 1024 - 1024; // under Bolt's 4 MB limit, so plain Bolt keeps reading
const CHUNK = 64 * 1024;
const CHUNK_EVERY_MS = 25; // ~2.5 MB/s per connection: slow, but each body is nearly complete in ~2 s
const MB = 1024 * 1024;

function ask(child: ChildProcess, type: string): Promise<{ port: number; rss: number }> {
  return new Promise((resolve) => {
    const on = (m: { type: string; port: number; rss: number }) => {
      if (m.type === (type === 'rss' ? 'rss' : 'ready')) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
    if (type === 'rss') child.send({ type: 'rss' });
  });
}

/** Send almost the whole body, slowly, then stall with the connection open. */
function stalledUpload(port: number): { socket: Socket; done: Promise<number> } {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  const ts = Math.floor(Date.now() / 1000);
  const chunk = Buffer.alloc(CHUNK, 'a');
  const done = new Promise<number>((resolve) => {
    let sent = 0;
    socket.on('close', () => resolve(sent));
    const send = async () => {
      socket.write(
        `POST /slack/events HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\nx-slack-request-timestamp: ${ts}\r\n` +
          `x-slack-signature: v0=${'0'.repeat(64)}\r\ntransfer-encoding: chunked\r\n\r\n`,
      );
      while (sent + CHUNK <= BODY_BYTES && !socket.destroyed) {
        socket.write(`${CHUNK.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write('\r\n');
        sent += CHUNK;
        await sleep(CHUNK_EVERY_MS);
      }
      resolve(sent); // and stall: no last chunk
    };
    socket.on('connect', () => void send());
  });
  return { socket, done };
}

async function measure(variant: 'plain' | 'guarded') {
  const child = fork(new URL('./slack-stalled-server.ts', import.meta.url), [variant], { execArgv: ['--import', 'tsx'] });
  const { port, rss: before } = await ask(child, 'ready');
  await sleep(300);
  const idle = (await ask(child, 'rss')).rss;
  const bar = progress(`${variant}: ${CONNECTIONS} stalled uploads`, CONNECTIONS);
  const uploads = Array.from({ length: CONNECTIONS }, () => stalledUpload(port));
  let finished = 0;
  let peak = idle;
  const sampler = setInterval(() => void ask(child, 'rss').then((r) => (peak = Math.max(peak, r.rss))), 200);
  const sent = await Promise.all(uploads.map((u) => u.done.then((n) => (bar.tick(++finished), n))));
  await sleep(1_000); // stalled: what is still held
  clearInterval(sampler);
  const held = (await ask(child, 'rss')).rss;
  peak = Math.max(peak, held);
  const open = uploads.filter((u) => !u.socket.destroyed).length;
  bar.end(`${open} still open`);
  for (const u of uploads) u.socket.destroy();
  child.send({ type: 'close' });
  const total = sent.reduce((a, b) => a + b, 0);
  void before;
  return { variant, idle, held, peak, open, sentMB: total / MB };
}

const results = [];
for (const v of ['plain', 'guarded'] as const) results.push(await measure(v));
const fmt = (n: number) => `${(n / MB).toFixed(1)} MB`;
console.log(`\n${CONNECTIONS} connections, each sending up to ${(BODY_BYTES / MB).toFixed(2)} MB slowly and stalling`);
console.log('variant   rss idle   rss held   growth held   growth peak   client sent   connections open after');
for (const r of results) {
  console.log(
    `${r.variant.padEnd(9)} ${fmt(r.idle).padStart(9)}  ${fmt(r.held).padStart(9)}  ${fmt(r.held - r.idle).padStart(11)}  ${fmt(r.peak - r.idle).padStart(12)}  ${r.sentMB.toFixed(0).padStart(8)} MB   ${r.open}`,
  );
}
const [plain, guarded] = results;
const g = guarded.peak - guarded.idle;
console.log(`\nguarded peak growth ${fmt(g)} vs plain Bolt ${fmt(plain.peak - plain.idle)} (goal < 50 MB: ${g < 50 * MB ? 'met' : 'NOT met'})`);
