import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import type { App } from '../../src/app.js';
import type { CommandContext } from '../../src/commands/command.js';
import { handleAction, handleCommand } from '../../src/commands/handle.js';
import type { Reply } from '../../src/reply/reply.js';
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

/** One line typed at the prompt -> the text to print. Exported for tests. */
export async function answerLine(app: App, ctx: CommandContext, line: string, last: { reply: Reply | null }): Promise<string> {
  const text = line.trim();
  const pick = text.match(/^(?::bookmark:|bookmark|save|🔖)\s+(\d+)$/i) ?? text.match(/^(similar|unbookmark)\s+(\d+)$/i);
  if (pick) {
    const kind = /^similar/i.test(text) ? 'similar' : /^unbookmark/i.test(text) ? 'unbookmark' : 'bookmark';
    const n = Number(pick[pick.length - 1]);
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
