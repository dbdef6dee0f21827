import { decodeXML } from 'entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseArxivId } from '../../papers/ids.js';
import type { PaperInput } from '../../papers/paper.js';
import { easternDay } from '../calendar.js';
import { MalformedResponse, sourceText, type SourceEntry, type Skip } from '../entries.js';

export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross' | 'other';

export interface ArxivEntry extends SourceEntry {
  announceType: AnnounceType | null;
  /** Eastern date of the feed's `published` (the listing day); null for the query API. */
  listingDay: string | null;
}

export interface ArxivPage {
  entries: ArxivEntry[];
  skipped: Skip[];
  /** opensearch:totalResults / startIndex / itemsPerPage (query API only). */
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
}

// Namespace prefixes are dropped: arXiv's elements are found whatever prefix a response binds.
// Entities are left as written: text is decoded once, in cleanText (fast-xml-parser alone would
// decode `&amp;` but not `&#239;`, and decoding again after it turns `&amp;lt;` into `<`).
const parser = new XMLParser({
  processEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['entry', 'item', 'author', 'link', 'category', 'creator'].includes(name),
});

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return null;
}

function attr(v: unknown, name: string): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const a = (v as Node)[`@_${name}`];
  return typeof a === 'string' ? decodeXML(a) : null;
}

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function count(v: unknown): number | null {
  const s = text(v);
  if (s === null || !/^\s*\d+\s*$/.test(s)) return null;
  return Number(s);
}

/** Parse XML after checking it is a complete, well-formed document (a truncated body is refused). */
function parseXml(body: string, what: string): Node {
  const head = body.slice(0, 512).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) {
    const title = body.match(/<title[^>]*>([^<]{0,120})/i)?.[1]?.trim();
    throw new MalformedResponse(`expected ${what}, got an HTML page${title ? ` ("${title}")` : ''}`);
  }
  if (!head.startsWith('<')) throw new MalformedResponse(`expected ${what}, got text: ${JSON.stringify(body.slice(0, 80))}`);
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new MalformedResponse(`${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}); the response may be truncated`);
  return parser.parse(body) as Node;
}

const WITHDRAWN = [
  /\bthis (?:paper|article|submission|manuscript|work|version) (?:has been|is being|was|is) withdrawn\b/i,
  /\bwithdrawn by (?:the )?(?:authors?|submitter|arxiv(?: admin(?:istrators?)?)?)\b/i,
  /^\s*(?:paper |article |submission )?withdrawn\b/i,
];

/** arXiv marks a withdrawal in the comment ("This paper has been withdrawn ...") or the replacement abstract. */
export function looksWithdrawn(comment: string | null, abstract: string | null): boolean {
  if (comment && WITHDRAWN.some((r) => r.test(comment))) return true;
  return Boolean(abstract && WITHDRAWN.slice(0, 2).some((r) => r.test(abstract.slice(0, 300))));
}

function announceType(v: string | null): AnnounceType | null {
  if (!v) return null;
  const t = v.trim().toLowerCase();
  return t === 'new' || t === 'cross' || t === 'replace' || t === 'replace-cross' ? t : 'other';
}

/** "A (X, Y), B and C" -> ["A (X, Y)", "B", "C"]: commas inside parentheses stay. */
export function splitAuthors(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out
    .flatMap((a) => (/\(/.test(a) ? [a] : a.split(/\s+and\s+/)))
    .map((a) => a.replace(/^\s*and\s+/, '').trim())
    .filter(Boolean);
}

function date(v: string | null): string | undefined {
  return v ?? undefined;
}

function announcedDay(published: string | null): string | null {
  if (!published) return null;
  const d = new Date(published);
  return Number.isNaN(d.getTime()) ? null : easternDay(d);
}

/** The abstract inside a feed summary: "arXiv:2401.00001v1 Announce Type: new Abstract: ...". */
const SUMMARY_HEAD = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*\.?\s*Abstract:\s*/i;

function entryToInput(e: Node, kind: 'api' | 'feed'): ArxivEntry | Skip {
  const rawId = text(e.id) ?? text(e.guid);
  let summary = text(e.summary) ?? text(e.description);
  let headerId: string | null = null;
  let headerType: string | null = null;
  const head = summary?.match(SUMMARY_HEAD);
  if (head && summary) {
    headerId = head[1];
    headerType = head[2];
    summary = summary.slice(head[0].length);
  }
  const links = list(e.link);
  const alternate = links.find((l) => attr(l, 'rel') === 'alternate' || (!attr(l, 'rel') && !attr(l, 'title'))) ?? null;
  const pdf = links.find((l) => attr(l, 'title') === 'pdf') ?? null;
  const doiLink = links.find((l) => attr(l, 'title') === 'doi') ?? null;
  // RSS: <link>https://arxiv.org/abs/...</link> is text, not an attribute.
  const linkText = links.map((l) => text(l)).find((t) => t && /arxiv\.org\/abs\//.test(t)) ?? null;
  const candidates = [rawId?.replace(/^oai:arXiv\.org:/i, ''), headerId, attr(alternate, 'href'), linkText];
  const ref = candidates.map((c) => (c ? parseArxivId(c) : null)).find((r) => r) ?? null;
  const shown = rawId ?? headerId ?? undefined;
  if (!ref) return { id: shown, reason: rawId || headerId ? `not an arXiv id: ${JSON.stringify((rawId ?? headerId)!.slice(0, 60))}` : 'id is missing' };
  const version = ref.version ?? (headerId ? parseArxivId(headerId)?.version ?? null : null);

  const title = text(e.title);
  const categories = list(e.category)
    .map((c) => attr(c, 'term') ?? text(c))
    .filter((c): c is string => Boolean(c));
  const primary = attr(e.primary_category, 'term');
  const authors =
    kind === 'api'
      ? list(e.author).map((a) => text((a as Node)?.name)).filter((a): a is string => Boolean(a))
      : list(e.creator).flatMap((c) => splitAuthors(text(c) ?? ''));
  const comment = text(e.comment);
  const journalRef = text(e.journal_ref) ?? text(e.journal_reference);
  const doi = text(e.doi) ?? text(e.DOI);
  const published = text(e.published) ?? text(e.pubDate);
  const updated = text(e.updated);
  const type = announceType(text(e.announce_type) ?? headerType);

  const input: Partial<PaperInput> = {
    id: ref.id,
    version: version ?? undefined,
    // A missing title or abstract stays missing: normalizePaper names it and the entry is skipped.
    title: title === null ? undefined : sourceText(title),
    abstract: summary === null ? undefined : sourceText(summary),
    authors: authors.map(sourceText),
    categories: [...new Set(primary ? [primary, ...categories] : categories)],
    primaryCategory: primary ?? undefined,
    comment: comment ? sourceText(comment) : undefined,
    journalRef: journalRef ? sourceText(journalRef) : undefined,
    doi: doi ? sourceText(doi) : undefined,
    withdrawn: looksWithdrawn(comment, summary),
    source: 'arxiv',
  };
  if (kind === 'api') {
    input.published = date(published);
    input.updated = date(updated);
    // The query API has no announcement date; its first-version date stands in.
    input.announced = date(published);
  }
  const abs = attr(alternate, 'href') ?? linkText;
  return {
    ref: `${ref.id}${version ? `v${version}` : ''}`,
    input,
    links: { abs: abs ?? undefined, pdf: attr(pdf, 'href') ?? undefined, doi: attr(doiLink, 'href') ?? undefined },
    announceType: type,
    listingDay: kind === 'feed' ? announcedDay(published) : null,
  };
}

function isSkip(x: ArxivEntry | Skip): x is Skip {
  return 'reason' in x;
}

/** arXiv turned the query down (HTTP 400 with one Atom `Error` entry, or the same with 200). */
export class ArxivRefused extends Error {
  override name = 'ArxivRefused';
}

function errorEntry(feed: Node): string | null {
  const raw = list(feed.entry) as Node[];
  if (raw.length !== 1 || text(raw[0].title) !== 'Error' || !/api\/errors/.test(text(raw[0].id) ?? '')) return null;
  return decodeXML(text(raw[0].summary) ?? 'no reason given').replace(/\s+/g, ' ').trim();
}

/** arXiv's reason when a body is its Atom error answer, else null (any other body). */
export function arxivErrorReason(body: string): string | null {
  try {
    const feed = parseXml(body, 'an arXiv API Atom feed').feed;
    return feed && typeof feed === 'object' ? errorEntry(feed as Node) : null;
  } catch {
    return null;
  }
}

/** A query API response (Atom with OpenSearch paging and arXiv extensions). */
export function parseQueryPage(body: string): ArxivPage {
  const doc = parseXml(body, 'an arXiv API Atom feed');
  const feed = doc.feed as Node | undefined;
  if (!feed || typeof feed !== 'object') throw new MalformedResponse(`expected an Atom <feed>, got <${Object.keys(doc).filter((k) => k !== '?xml')[0] ?? 'nothing'}>`);
  const raw = list(feed.entry) as Node[];
  const refused = errorEntry(feed);
  if (refused !== null) throw new ArxivRefused(`arXiv refused the query: ${refused}`);
  const entries: ArxivEntry[] = [];
  const skipped: Skip[] = [];
  for (const e of raw) {
    const r = entryToInput(e, 'api');
    if (isSkip(r)) skipped.push(r);
    else entries.push(r);
  }
  return {
    entries,
    skipped,
    totalResults: count(feed.totalResults),
    startIndex: count(feed.startIndex),
    itemsPerPage: count(feed.itemsPerPage),
  };
}

/** The daily announcement feed (rss.arxiv.org): Atom `<feed><entry>` or RSS 2.0 `<rss><channel><item>`. */
export function parseAnnouncementFeed(body: string): ArxivPage & { feedUpdated: string | null } {
  const doc = parseXml(body, 'an arXiv announcement feed');
  let raw: Node[];
  let feedUpdated: string | null;
  if (doc.feed && typeof doc.feed === 'object') {
    const feed = doc.feed as Node;
    raw = list(feed.entry) as Node[];
    feedUpdated = text(feed.updated);
  } else if (doc.rss && typeof doc.rss === 'object') {
    const channel = ((doc.rss as Node).channel ?? {}) as Node;
    raw = list(channel.item) as Node[];
    feedUpdated = text(channel.lastBuildDate) ?? text(channel.pubDate);
  } else {
    throw new MalformedResponse(`expected an Atom <feed> or RSS <rss>, got <${Object.keys(doc).filter((k) => k !== '?xml')[0] ?? 'nothing'}>`);
  }
  const entries: ArxivEntry[] = [];
  const skipped: Skip[] = [];
  for (const e of raw) {
    const r = entryToInput(e, 'feed');
    if (isSkip(r)) skipped.push(r);
    else entries.push(r);
  }
  return { entries, skipped, totalResults: null, startIndex: null, itemsPerPage: null, feedUpdated };
}
