import type { types } from '@slack/bolt';
import { isArxivId } from '../../src/papers/paper.js';
import { shortAuthors } from '../../src/reply/cards.js';
import type { PaperCard, Reply, ReplyAction } from '../../src/reply/reply.js';

export type Block = types.KnownBlock;

/** Slack's Block Kit limits (docs.slack.dev/reference/block-kit): what a message may carry. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
  url: 3_000,
  /** Sections of an inline file: together under the ~40,000 characters a message may hold. */
  fileSections: 13,
  /** chat.postMessage truncates `text` past 40,000; we keep the fallback far shorter. */
  fallbackText: 3_000,
} as const;

/** Action ids the Slack app listens for; values carry a paper id or the command text. */
export const ACTION = {
  bookmark: 'paper_bookmark',
  unbookmark: 'paper_unbookmark',
  similar: 'paper_similar',
  less: 'paper_less',
  share: 'reply_share',
} as const;

/**
 * Slack mrkdwn's only escapes. With `<` and `>` escaped, paper text can never form a mention
 * (`<!channel>`, `<@U123>`) or a link of its own; `&` first so entities stay literal.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The longest prefix of escaped text within `max` that splits no entity and no surrogate pair. */
function safePrefix(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max));
  cut = cut.replace(/&[a-z]*$/, '');
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/** Cut already-escaped text to `max` characters (with an ellipsis) without breaking an entity. */
export function clipEscaped(s: string, max: number): string {
  return s.length <= max ? s : `${safePrefix(s, max - 1)}…`;
}

/** Escape, then clip: the way every piece of paper or user text enters a block. */
export function mrkdwn(raw: string, max: number): string {
  return clipEscaped(escapeMrkdwn(raw), max);
}

function clipPlain(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** An http(s) URL safe inside `<url|label>`, or null. `|`, `<`, `>` and spaces would end the link early. */
export function safeUrl(raw: string | null | undefined, max = 500): string | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const href = u.href.replace(/[|<>\s"]/g, (c) => encodeURIComponent(c));
  return href.length <= max ? href : null;
}

/** `<url|label>` with the label escaped and clipped; just the label when the URL is unusable. */
export function link(url: string | null | undefined, label: string, maxLabel = 300): string {
  const text = mrkdwn(label, maxLabel);
  const href = safeUrl(url);
  return href ? `<${href}|${text}>` : text;
}

const plainText = (text: string, max: number) => ({ type: 'plain_text' as const, text: clipPlain(text, max), emoji: true });

function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plainText(label, LIMITS.buttonText),
    value: value.slice(0, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

/** Split escaped text into section-sized pieces, at line breaks where it can. */
function splitEscaped(text: string, size: number, maxPieces: number): { pieces: string[]; complete: boolean } {
  const pieces: string[] = [];
  let rest = text;
  while (rest && pieces.length < maxPieces) {
    let piece = safePrefix(rest, size);
    if (piece.length < rest.length) {
      const nl = piece.lastIndexOf('\n');
      if (nl > size / 2) piece = piece.slice(0, nl + 1);
    }
    pieces.push(piece);
    rest = rest.slice(piece.length);
  }
  return { pieces, complete: rest.length === 0 };
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });
const note = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** The one-line facts under a title: authors, date, upvotes, stars, code. */
export function cardMeta(c: PaperCard): string {
  const parts: string[] = [];
  if (c.authors.length) parts.push(mrkdwn(shortAuthors(c.authors), 300));
  if (c.date) parts.push(mrkdwn(c.date, 20));
  // A paper without an arXiv id has no arXiv link: its short id is how to ask for it again.
  if (!isArxivId(c.paperId)) parts.push(mrkdwn(c.paperId, 40));
  if (c.upvotes) parts.push(`${c.upvotes} upvotes`);
  if (c.stars) parts.push(`${c.stars} stars`);
  const code = safeUrl(c.codeUrl);
  if (code) parts.push(`<${code}|code>`);
  return parts.join(' · ');
}

/** One paper: linked title, short authors, TL;DR, key result, facts, why it matched, buttons. */
export function cardBlocks(c: PaperCard, opts: { buttons?: boolean } = {}): Block[] {
  const lines = [`*${link(c.url, c.title, 400)}*`];
  const meta = cardMeta(c);
  if (meta) lines.push(meta);
  if (c.tldr) lines.push(`*TL;DR:* ${mrkdwn(c.tldr, 1_200)}`);
  if (c.keyResult && c.keyResult !== c.tldr) lines.push(`*Key result:* ${mrkdwn(c.keyResult, 700)}`);
  const blocks: Block[] = [section(clipEscaped(lines.join('\n'), LIMITS.sectionText))];
  if (c.why.length) {
    blocks.push(note(`Why: ${mrkdwn(c.why.slice(0, 5).join('; '), 500)}`));
  }
  if (opts.buttons !== false) {
    blocks.push({
      type: 'actions',
      elements: [
        button(ACTION.bookmark, ':bookmark: Bookmark', c.paperId),
        button(ACTION.similar, 'Similar papers', c.paperId),
        button(ACTION.less, ':-1: Less like this', c.paperId),
      ],
    });
  }
  return blocks;
}

function actionButton(a: ReplyAction): types.Button {
  const id = a.kind === 'share' ? ACTION.share : ACTION[a.kind];
  return button(id, a.label, a.value, a.kind === 'share' ? 'primary' : undefined);
}

export interface SlackMessage {
  /** Notification and fallback text (mrkdwn, escaped). */
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  maxBlocks?: number;
  /** Per-card bookmark/similar buttons (default true). */
  cardButtons?: boolean;
}

/** A core Reply as one Slack message, inside Block Kit's limits whatever the reply holds. */
export function renderReply(reply: Reply, opts: RenderOptions = {}): SlackMessage {
  const max = opts.maxBlocks ?? LIMITS.messageBlocks;
  const actions = reply.actions.slice(0, LIMITS.actionsElements);
  const reserved = (actions.length ? 1 : 0) + 1; // message buttons + a "more not shown" note
  const blocks: Block[] = [];
  const text = escapeMrkdwn(reply.text.trim());
  if (text) {
    const { pieces, complete } = splitEscaped(text, LIMITS.sectionText, Math.max(1, Math.min(5, max - reserved - 3)));
    blocks.push(...pieces.map((p) => section(p.trim() || '.')));
    if (!complete) blocks.push(note('(text cut short)'));
  }

  if (reply.file) {
    // Inline, as code blocks: the reply stays private (a file upload would land in the channel).
    blocks.push(section(`*${mrkdwn(reply.file.title, 200)}* (${mrkdwn(reply.file.filename, 100)})`));
    // Slack refuses messages much past 40,000 characters (msg_too_long): about 13 full sections.
    const room = Math.max(1, Math.min(LIMITS.fileSections, max - blocks.length - reserved - 1));
    const { pieces, complete } = splitEscaped(escapeMrkdwn(reply.file.content), LIMITS.sectionText - 8, room);
    blocks.push(...pieces.map((p) => section(`\`\`\`${p}\`\`\``)));
    if (!complete) blocks.push(note('The file is longer than one Slack message; the rest is not shown.'));
  }

  let shown = 0;
  for (const card of reply.cards) {
    const cb = cardBlocks(card, { buttons: opts.cardButtons });
    const divider = blocks.length ? 1 : 0;
    if (blocks.length + divider + cb.length + reserved > max) break;
    if (divider) blocks.push({ type: 'divider' });
    blocks.push(...cb);
    shown++;
  }
  if (shown < reply.cards.length) {
    blocks.push(note(`${reply.cards.length - shown} more not shown.`));
  }
  if (actions.length) blocks.push({ type: 'actions', elements: actions.map(actionButton) });

  const fallbackRaw = reply.cards.length === 1 && !reply.text.trim() ? reply.cards[0].title : reply.text;
  return { text: mrkdwn(fallbackRaw || 'paperbot', LIMITS.fallbackText), blocks: blocks.slice(0, max) };
}

// ---------------------------------------------------------------------------------------------
// Validation: used by the fake Slack on every message it receives, and by tests.

function checkText(where: string, t: unknown, max: number, problems: string[], plainOnly = false): void {
  if (!t || typeof t !== 'object') return void problems.push(`${where}: missing text object`);
  const o = t as { type?: unknown; text?: unknown };
  if (o.type !== 'plain_text' && (plainOnly || o.type !== 'mrkdwn')) problems.push(`${where}: text type ${String(o.type)}`);
  if (typeof o.text !== 'string' || o.text.length < 1) problems.push(`${where}: empty text`);
  else if (o.text.length > max) problems.push(`${where}: text ${o.text.length} > ${max} characters`);
}

function checkElement(where: string, e: unknown, problems: string[]): void {
  const o = (e ?? {}) as Record<string, unknown>;
  if (o.type === 'button') {
    checkText(`${where} button`, o.text, LIMITS.buttonText, problems, true);
    if (typeof o.action_id === 'string' && o.action_id.length > LIMITS.actionId) problems.push(`${where}: action_id too long`);
    if (typeof o.value === 'string' && o.value.length > LIMITS.buttonValue) problems.push(`${where}: button value ${o.value.length} > ${LIMITS.buttonValue}`);
    if (typeof o.url === 'string' && o.url.length > LIMITS.url) problems.push(`${where}: url too long`);
    if (o.style !== undefined && o.style !== 'primary' && o.style !== 'danger') problems.push(`${where}: button style ${String(o.style)}`);
  } else if (o.type === 'image') {
    if (typeof o.image_url !== 'string' || o.image_url.length > LIMITS.url) problems.push(`${where}: image_url`);
  } else if (o.type !== 'overflow' && o.type !== 'static_select') {
    problems.push(`${where}: unexpected element ${String(o.type)}`);
  }
}

/**
 * Every Block Kit limit our messages can hit. Returns the problems found (empty: Slack would
 * accept it). `maxBlocks` is 50 for messages, 100 for App Home and modals.
 */
export function checkBlockKitLimits(blocks: unknown, opts: { maxBlocks?: number } = {}): string[] {
  const problems: string[] = [];
  const max = opts.maxBlocks ?? LIMITS.messageBlocks;
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length > max) problems.push(`${blocks.length} blocks > ${max}`);
  blocks.forEach((b, i) => {
    const where = `block ${i}`;
    const o = (b ?? {}) as Record<string, unknown>;
    if (typeof o.block_id === 'string' && o.block_id.length > LIMITS.blockId) problems.push(`${where}: block_id too long`);
    switch (o.type) {
      case 'section': {
        if (o.text === undefined && o.fields === undefined) problems.push(`${where}: section needs text or fields`);
        if (o.text !== undefined) checkText(where, o.text, LIMITS.sectionText, problems);
        if (o.fields !== undefined) {
          if (!Array.isArray(o.fields) || o.fields.length > LIMITS.sectionFields) problems.push(`${where}: more than ${LIMITS.sectionFields} fields`);
          else o.fields.forEach((f, j) => checkText(`${where} field ${j}`, f, LIMITS.fieldText, problems));
        }
        if (o.accessory !== undefined) checkElement(`${where} accessory`, o.accessory, problems);
        break;
      }
      case 'header':
        checkText(where, o.text, LIMITS.headerText, problems, true);
        break;
      case 'context': {
        if (!Array.isArray(o.elements) || o.elements.length < 1 || o.elements.length > LIMITS.contextElements) {
          problems.push(`${where}: context needs 1 to ${LIMITS.contextElements} elements`);
        } else {
          o.elements.forEach((e, j) => {
            const el = (e ?? {}) as { type?: unknown };
            if (el.type === 'image') checkElement(`${where} element ${j}`, e, problems);
            else checkText(`${where} element ${j}`, e, LIMITS.sectionText, problems);
          });
        }
        break;
      }
      case 'actions': {
        if (!Array.isArray(o.elements) || o.elements.length < 1 || o.elements.length > LIMITS.actionsElements) {
          problems.push(`${where}: actions needs 1 to ${LIMITS.actionsElements} elements`);
        } else {
          const ids = o.elements.map((e) => (e as { action_id?: unknown }).action_id).filter((x) => x !== undefined);
          if (new Set(ids).size !== ids.length) problems.push(`${where}: duplicate action_id`);
          o.elements.forEach((e, j) => checkElement(`${where} element ${j}`, e, problems));
        }
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${where}: unexpected block type ${String(o.type)}`);
    }
  });
  const ids = blocks.map((b) => (b as { block_id?: unknown })?.block_id).filter((x) => x !== undefined);
  if (new Set(ids).size !== ids.length) problems.push('duplicate block_id');
  return problems;
}
