import type { SettingsChange } from '../channels/channels.js';
import type { Follow } from '../channels/follows.js';

/** Every `/papers` form, parsed. The same grammar on every platform. */
export type Command =
  | { kind: 'help' }
  | { kind: 'search'; query: string; truncated: boolean }
  | { kind: 'paper'; id: string }
  | { kind: 'similar'; id: string }
  | { kind: 'subscribe'; topic: string }
  | { kind: 'unsubscribe'; topic: string }
  | { kind: 'follow' | 'unfollow'; follow: Follow }
  | { kind: 'follows' }
  | { kind: 'less'; id: string }
  | { kind: 'taste'; reset: boolean }
  | { kind: 'digest'; mode: 'now' | 'preview' }
  | { kind: 'settings'; changes: SettingsChange }
  | { kind: 'bookmarks'; query: string | null; scope: 'mine' | 'team' }
  | { kind: 'export'; format: 'bibtex' }
  | { kind: 'invalid'; reason: string };

/** Where a command came from: the core knows no more of a platform than this. */
export interface CommandContext {
  platform: string;
  workspaceId: string;
  channelId: string;
  userId: string;
  /** Correlates the log lines of one request (set by the adapter; absent in the console and tests). */
  requestId?: string;
}
