// One Bolt HTTP receiver for bench:slack-stalled, in its own process so its RSS is its own:
// `plain` is Bolt as it comes; `guarded` adds paperbot's request guard and server limits exactly
// as adapters/slack/app.ts and start.ts do. Tells the bench its port and RSS over IPC.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { guardSlackRequests, SERVER_LIMITS } from '../adapters/slack/request-guard.js';
import { memorySeenKeys } from '../adapters/slack/seen-keys.js';
import { silentLogger } from '../src/log.js';

const variant = process.argv[2] === 'guarded' ? 'guarded' : 'plain';
const signingSecret = 'bench-signing-secret';
const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR, processBeforeResponse: false });
if (variant === 'guarded') {
  receiver.requestListener = guardSlackRequests(receiver.requestListener, { signingSecret, paths: ['/slack/events'], log: silentLogger, seen: memorySeenKeys() });
}
const app = new App({ receiver, token: 'xoxb-bench', tokenVerificationEnabled: false, logLevel: LogLevel.ERROR });
const server = (await app.start({ port: 0, host: '127.0.0.1' }, variant === 'guarded' ? SERVER_LIMITS : {})) as import('node:http').Server;
const port = (server.address() as import('node:net').AddressInfo).port;
process.send!({ type: 'ready', port, rss: process.memoryUsage().rss });
process.on('message', (m: { type: string }) => {
  if (m.type === 'rss') process.send!({ type: 'rss', rss: process.memoryUsage().rss });
  if (m.type === 'close') process.exit(0);
});
