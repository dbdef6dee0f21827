import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import type { App } from '../../src/app.js';
import type { CommandContext } from '../../src/commands/command.js';
import { handleAction, handleCommand } from '../../src/commands/handle.js';
import type { ActionKind, Reply } from '../../src/reply/reply.js';
import { renderReply } from './render.js';

export function consoleContext(): CommandContext {
  let user = 'local';
  try {
    user = userInfo().username || 'local';
  } catch {
    // no passwd entry (containers): one local user is fine
  }
  return { platform: 'console', workspaceId: 'local', channelId: 'console', userId: user };
}

/** Acting on result N of the last reply: ":bookmark: 2", "similar 2", ":-1: 2" (less like this). */
const PICKS: Array<{ kind: ActionKind; re: RegExp }> = [
  { kind: 'bookmark', re: /^(?::bookmark:|bookmark|save|🔖)\s+(\d+)$/i },
  { kind: 'unbookmark', re: /^unbookmark\s+(\d+)$/i },
  { kind: 'similar', re: /^similar\s+(\d+)$/i },
  { kind: 'less', re: /^(?::-1:|:thumbsdown:|less|👎)\s+(\d+)$/iu },
];

/** One line typed at the prompt -> the text to print. Exported for tests. */
export async function answerLine(app: App, ctx: CommandContext, line: string, last: { reply: Reply | null }): Promise<string> {
  const text = line.trim();
  const pick = PICKS.map((p) => ({ kind: p.kind, m: text.match(p.re) })).find((p) => p.m);
  if (pick) {
    const kind = pick.kind;
    const n = Number(pick.m![1]);
    const card = last.reply?.cards[n - 1];
    if (!card) return last.reply?.cards.length ? `Pick a number from 1 to ${last.reply.cards.length}.` : 'Search first, e.g. /papers lora';
    const reply = await handleAction(app, ctx, { kind, value: card.paperId });
    if (reply.cards.length) last.reply = reply;
    return renderReply(reply);
  }
  const reply = await handleCommand(app, ctx, text);
  if (reply.cards.length) last.reply = reply;
  return renderReply(reply);
}

/** The console adapter: the same core the chat platforms call, in a terminal. */
export async function runConsoleChat(app: App, io: { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream } = {}): Promise<void> {
  const input = io.input ?? process.stdin;
  const output = io.output ?? process.stdout;
  const ctx = consoleContext();
  const last = { reply: null as Reply | null };
  const rl = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  output.write('paperbot console. Try "/papers lora", ":bookmark: 1", "/papers bookmarks", "/papers help"; "quit" to leave.\n> ');
  for await (const line of rl) {
    if (/^(quit|exit|:q)$/i.test(line.trim())) break;
    if (line.trim()) output.write(`${await answerLine(app, ctx, line, last)}\n`);
    output.write('> ');
  }
  rl.close();
}
