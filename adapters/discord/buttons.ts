import type { ActionKind } from '../../src/reply/reply.js';

/** Discord's limit on a component's custom_id. */
export const MAX_CUSTOM_ID = 100;
const PREFIX = 'pb';
const KINDS: ReadonlySet<string> = new Set<ActionKind>(['bookmark', 'unbookmark', 'similar', 'less', 'share']);
/** A share whose command text does not fit a custom_id re-posts the message it was pressed on. */
export const SHARE_SHOWN = `${PREFIX}:share-shown`;

/** `pb:bookmark:2106.09685`, `pb:share:lora adapters`; null when it does not fit in 100 characters. */
export function buttonId(kind: ActionKind, value: string): string | null {
  const id = `${PREFIX}:${kind}:${value}`;
  return id.length <= MAX_CUSTOM_ID ? id : null;
}

export type ButtonAction = { kind: ActionKind; value: string } | { kind: 'share-shown' };

/** The action a pressed button asks for, or null for a custom_id that is not ours. */
export function parseButtonId(customId: string): ButtonAction | null {
  if (customId === SHARE_SHOWN) return { kind: 'share-shown' };
  const m = /^pb:([a-z]+):(.+)$/s.exec(customId);
  if (!m || !KINDS.has(m[1])) return null;
  return { kind: m[1] as ActionKind, value: m[2] };
}
