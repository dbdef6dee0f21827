import { ButtonStyle, ComponentType, escapeMarkdown, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { shortAuthors } from '../../src/reply/cards.js';
import type { PaperCard, Reply, ReplyAction } from '../../src/reply/reply.js';
import { buttonId, SHARE_SHOWN } from './buttons.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2_000,
  embeds: 10,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  author: 256,
  embedTotal: 6_000,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  label: 80,
} as const;

const COLOR = 0xb31b1b;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** A Reply as Discord message fields, the same for interaction answers and channel posts. */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  files: Array<{ name: string; description: string; data: Buffer }>;
}

/**
 * Paper text (titles, abstracts, authors come from outside) made inert: markdown escaped, and the
 * things escapeMarkdown leaves alone neutralised too: headings, subtext, quotes, lists, masked links
 * `[x](y)`, mentions `<@id> <@&id> <#id> </cmd:id> <t:..>` and @everyone/@here. Newlines are folded,
 * so nothing can start a line of its own.
 */
export function escapeText(raw: string): string {
  const flat = raw.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return neutralize(escapeMarkdown(flat, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }));
}

/** Core-written text (help, confirmations) keeps its backticks and bold, but echoes of user or paper text must not link, ping or head. */
export function safeText(raw: string): string {
  return neutralize(
    raw
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]+/g, ' ')
      .replace(/\[([^\]\n]*)\]\(([^)\n]*)\)/g, '\\[$1]($2)')
      .replace(/^(\s*)(#{1,3}\s)/gm, '$1\\$2'),
  );
}

function neutralize(s: string): string {
  return s
    .replace(/^(\s*)(-#|>)/gm, '$1\\$2')
    .replace(/<(?=[@#:/]|a:|t:|id:)/g, '\\<')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** Cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  let cut = s.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Escaped text that fits `max` once escaped (escaping adds backslashes, so cut the source, not the result). */
export function escapedFit(raw: string, max: number): string {
  if (max <= 0) return '';
  let n = Math.min(raw.length, max);
  let out = escapeText(n < raw.length ? clip(raw, n) : raw);
  while (out.length > max && n > 1) {
    n = Math.max(1, Math.min(n - 1, Math.floor((n * max) / out.length)));
    out = escapeText(clip(raw, n));
  }
  return out.length > max ? '' : out;
}

/** An http(s) URL Discord will accept, or null (a bad embed URL rejects the whole message). */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    const href = u.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return href.length <= 2_000 ? href : null;
  } catch {
    return null;
  }
}

function meta(c: PaperCard): string {
  // Footers are plain text on Discord (no markdown, no mentions), so they need no escaping.
  const id = /^\d{4}\.\d{4,5}$/.test(c.paperId) || c.paperId.includes('/') ? `arXiv:${c.paperId}` : c.paperId;
  return [id, c.date, c.upvotes ? `${c.upvotes} upvotes` : null, c.stars ? `${c.stars} stars` : null].filter(Boolean).join(' · ');
}

/** One paper as an embed within `budget` characters (Discord counts title, description, fields, footer). */
export function cardEmbed(c: PaperCard, n: number | null, budget: number = LIMITS.embedTotal): APIEmbed {
  const prefix = n === null ? '' : `${n} · `;
  const title = prefix + escapedFit(c.title || c.paperId, Math.min(LIMITS.title, Math.max(40, Math.floor(budget * 0.3))) - prefix.length);
  const footer = clip(meta(c), Math.min(200, Math.floor(budget * 0.15)));
  const whyMax = Math.min(LIMITS.fieldValue, Math.max(0, Math.floor(budget * 0.15)));
  const why = c.why.length && whyMax > 20 ? escapedFit(c.why.join(' · '), whyMax) : '';
  const whyName = 'Why it matched';
  const used = title.length + footer.length + (why ? why.length + whyName.length : 0);

  let avail = Math.min(LIMITS.description, budget - used);
  const code = safeUrl(c.codeUrl);
  const codeLine = code && avail > code.length + 60 ? `[Code](${code})` : '';
  if (codeLine) avail -= codeLine.length + 1;
  const lines: string[] = [];
  const authors = c.authors.length ? escapedFit(shortAuthors(c.authors), Math.min(300, Math.floor(avail / 4))) : '';
  if (authors) {
    lines.push(`*${authors}*`);
    avail -= authors.length + 3;
  }
  const labels = { tldr: '**TL;DR** ', key: '**Key result** ' };
  const room = avail - (c.tldr ? labels.tldr.length + 1 : 0) - (c.keyResult ? labels.key.length + 1 : 0);
  let tldr = '';
  if (c.tldr && room > 20) {
    tldr = escapedFit(c.tldr, c.keyResult ? Math.ceil(room * 0.6) : room);
    if (tldr) lines.push(labels.tldr + tldr);
  }
  if (c.keyResult && room - tldr.length > 20) {
    const key = escapedFit(c.keyResult, room - tldr.length);
    if (key) lines.push(labels.key + key);
  }
  if (codeLine) lines.push(codeLine);

  const embed: APIEmbed = { title, color: COLOR };
  const url = safeUrl(c.url);
  if (url) embed.url = url;
  const description = lines.join('\n');
  if (description) embed.description = description;
  if (why) embed.fields = [{ name: whyName, value: why }];
  if (footer) embed.footer = { text: footer };
  return embed;
}

function button(kind: ReplyAction['kind'], value: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponent | null {
  const custom_id = buttonId(kind, value) ?? (kind === 'share' ? SHARE_SHOWN : null);
  if (!custom_id) return null;
  return { type: ComponentType.Button, style, label: clip(label, LIMITS.label), custom_id };
}

function rows(buttons: Array<APIButtonComponent | null>): ButtonRow[] {
  const present = buttons.filter((b): b is APIButtonComponent => b !== null);
  const out: ButtonRow[] = [];
  for (let i = 0; i < present.length; i += LIMITS.buttonsPerRow) {
    out.push({ type: ComponentType.ActionRow, components: present.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return out;
}

/** Bookmark, similar and less like this for every card, then the reply's own actions (share). At most 5 rows. */
function components(cards: PaperCard[], actions: ReplyAction[]): ButtonRow[] {
  const seen = new Set<string>();
  const unique = cards.filter((c) => !seen.has(c.paperId) && seen.add(c.paperId));
  const out: ButtonRow[] = [];
  if (unique.length === 1) {
    const c = unique[0];
    out.push(...rows([button('bookmark', c.paperId, '🔖 Bookmark'), button('similar', c.paperId, 'Similar papers'), button('less', c.paperId, '👎 Less like this')]));
  } else if (unique.length > 1) {
    const n = (c: PaperCard) => cards.indexOf(c) + 1;
    out.push(...rows(unique.map((c) => button('bookmark', c.paperId, `🔖 ${n(c)}`))));
    out.push(...rows(unique.map((c) => button('similar', c.paperId, `Similar ${n(c)}`))));
    // "Less like this" too while one row holds them all (three rows and the actions row fit in five).
    if (unique.length <= LIMITS.buttonsPerRow) out.push(...rows(unique.map((c) => button('less', c.paperId, `👎 ${n(c)}`))));
  }
  const actionRow = rows(actions.map((a) => button(a.kind, a.value, a.label, a.kind === 'share' ? ButtonStyle.Primary : ButtonStyle.Secondary)));
  // Keep the actions row (share) even when cards fill the rest.
  return [...out.slice(0, LIMITS.rows - Math.min(actionRow.length, 1)), ...actionRow].slice(0, LIMITS.rows);
}

/** A core Reply as a Discord message: text as content, one embed a card, buttons, an optional file. */
export function renderReply(reply: Reply, options: { buttons?: boolean } = {}): DiscordMessage {
  const cards = reply.cards.slice(0, LIMITS.embeds);
  const budget = cards.length ? Math.floor(LIMITS.embedTotal / cards.length) : LIMITS.embedTotal;
  const embeds = cards.map((c) => cardEmbed(c, cards.length > 1 ? cards.indexOf(c) + 1 : null, budget));
  // The core often titles a one-paper reply with the paper's title (a fallback for text-only
  // platforms); on Discord the embed already shows it, so the content would only repeat it.
  let text = cards.length === 1 && reply.text.trim() === cards[0].title.trim() ? '' : reply.text;
  if (reply.cards.length > cards.length) text += `\n(${reply.cards.length - cards.length} more not shown)`;
  const files = reply.file
    ? [{ name: reply.file.filename, description: clip(reply.file.title, 1_024), data: Buffer.from(reply.file.content, 'utf8') }]
    : [];
  return {
    content: clip(safeText(text), LIMITS.content),
    embeds,
    components: options.buttons === false ? [] : components(cards, reply.actions),
    files,
  };
}

function embedChars(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Every way `payload` breaks Discord's message limits (empty when it is fine). */
type LooseRow = { components: ReadonlyArray<object> };

export function checkEmbedLimits(payload: { content?: string | null; embeds?: APIEmbed[]; components?: ReadonlyArray<LooseRow> }): string[] {
  const problems: string[] = [];
  const embeds = payload.embeds ?? [];
  if ((payload.content?.length ?? 0) > LIMITS.content) problems.push(`content has ${payload.content!.length} > ${LIMITS.content} characters`);
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} > ${LIMITS.embeds} embeds`);
  let total = 0;
  embeds.forEach((e, i) => {
    if ((e.title?.length ?? 0) > LIMITS.title) problems.push(`embed ${i} title has ${e.title!.length} > ${LIMITS.title}`);
    if ((e.description?.length ?? 0) > LIMITS.description) problems.push(`embed ${i} description has ${e.description!.length} > ${LIMITS.description}`);
    if ((e.fields?.length ?? 0) > LIMITS.fields) problems.push(`embed ${i} has ${e.fields!.length} > ${LIMITS.fields} fields`);
    for (const f of e.fields ?? []) {
      if (f.name.length > LIMITS.fieldName || f.value.length > LIMITS.fieldValue || !f.name || !f.value) problems.push(`embed ${i} field "${f.name.slice(0, 20)}" is empty or too long`);
    }
    if ((e.footer?.text.length ?? 0) > LIMITS.footer) problems.push(`embed ${i} footer too long`);
    if ((e.author?.name.length ?? 0) > LIMITS.author) problems.push(`embed ${i} author too long`);
    if (e.url && safeUrl(e.url) === null) problems.push(`embed ${i} url is not http(s)`);
    total += embedChars(e);
  });
  if (total > LIMITS.embedTotal) problems.push(`embeds total ${total} > ${LIMITS.embedTotal} characters`);
  const rowsIn = payload.components ?? [];
  if (rowsIn.length > LIMITS.rows) problems.push(`${rowsIn.length} > ${LIMITS.rows} component rows`);
  const ids = new Set<string>();
  rowsIn.forEach((r, i) => {
    if (r.components.length > LIMITS.buttonsPerRow) problems.push(`row ${i} has ${r.components.length} > ${LIMITS.buttonsPerRow} buttons`);
    for (const b of r.components as ReadonlyArray<{ custom_id?: unknown; label?: unknown }>) {
      if (typeof b.custom_id === 'string') {
        if (b.custom_id.length > LIMITS.customId) problems.push(`custom_id longer than ${LIMITS.customId}`);
        if (ids.has(b.custom_id)) problems.push(`duplicate custom_id ${b.custom_id}`);
        ids.add(b.custom_id);
      }
      if (typeof b.label === 'string' && b.label.length > LIMITS.label) problems.push(`button label longer than ${LIMITS.label}`);
    }
  });
  return problems;
}
