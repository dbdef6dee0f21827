import type { Reply } from '../reply/reply.js';
import type { Command } from './command.js';
import { parseCommand } from './parse.js';

/**
 * A command as the core reads it, before any work: adapters act on this and never parse the
 * text again.
 */
export interface CommandPlan {
  command: Command;
  /**
   * Who will most likely see the answer, known at once (Discord must acknowledge within 3 s, public
   * or private). Only commands that change the channel for everyone answer in the channel; the
   * reply's own visibility is the final word (an unchanged subscription answers privately).
   */
  visibility: Reply['visibility'];
}

export function planCommand(text: string): CommandPlan {
  const command = parseCommand(text);
  const changesChannel =
    command.kind === 'subscribe' ||
    command.kind === 'unsubscribe' ||
    command.kind === 'follow' ||
    command.kind === 'unfollow' ||
    (command.kind === 'taste' && command.reset) ||
    (command.kind === 'settings' && Object.keys(command.changes).length > 0);
  return { command, visibility: changesChannel ? 'channel' : 'private' };
}
