// The real captured responses in ../shared/data/real-ingest (see its README), read without the
// product's parsers: what each capture says a paper is, field by field, for `npm run check:real`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { decodeXML } from 'entities';

export const REAL_DIR = process.env.REAL_INGEST_FIXTURES ?? new URL('../../shared/data/real-ingest/', import.meta.url).pathname;

export interface Capture {
  file: string;
  status: number;
  body: string;
}

/** The fields a capture states for one paper (undefined: the capture does not say). */
export interface Expected {
  id: string;
  from: string;
  title: string;
  abstract: string;
  authors: string[];
  categories?: string[];
  primary?: string;
  version?: number;
  doi?: string;
  journalRef?: string;
  upvotes?: number;
  codeUrl?: string;
  stars?: number;
}

export function realDataPresent(): boolean {
  return existsSync(REAL_DIR);
}

/**
 * arxiv.py's recorder stored 2026 bodies decoded as ISO-8859-1; arXiv sent UTF-8. A body that is
 * pure Latin-1 and re-encodes to valid UTF-8 gets its original bytes back.
 */
function restoreUtf8(body: string): string {
  if (!/^[\u0000-\u00ff]*$/.test(body)) return body;
  const bytes = Buffer.from(body, 'latin1');
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') ? body : text;
}

export function readCapture(path: string): Capture {
  const raw = readFileSync(path, 'utf8');
  if (path.endsWith('.json') && path.includes('arxiv-api')) {
    const j = JSON.parse(raw) as { status_code: number; body: string };
    return { file: path, status: j.status_code, body: restoreUtf8(j.body) };
  }
  return { file: path, status: 200, body: raw };
}

export function listCaptures(dir: 'arxiv-api' | 'arxiv-feed' | 'hf-daily'): string[] {
  return readdirSync(join(REAL_DIR, dir))
    .filter((f) => /\.(xml|json)$/.test(f))
    .sort()
    .map((f) => join(REAL_DIR, dir, f));
}

// Entities left alone so they are decoded exactly once, here, as XML defines them.
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, processEntities: false, trimValues: true, isArray: (n) => ['entry', 'item', 'author', 'link', 'category'].includes(n) });
type Node = Record<string, unknown>;
const txt = (v: unknown): string | undefined => (typeof v === 'string' ? decodeXML(v) : v && typeof v === 'object' && '#text' in (v as Node) ? txt((v as Node)['#text']) : undefined);
const att = (v: unknown, n: string): string | undefined => (v && typeof v === 'object' ? (txt((v as Node)[`@_${n}`]) ?? undefined) : undefined);
const arr = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function idVersion(s: string): { id: string; version?: number } {
  const m = s.match(/(?:abs\/|arXiv:|^)([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v(\d+))?$/);
  if (!m) throw new Error(`capture id not understood: ${s}`);
  return { id: m[1], version: m[2] ? Number(m[2]) : undefined };
}

/** Query API: one Expected per entry (the error and empty captures have none). */
export function expectedFromApi(c: Capture): Expected[] {
  const feed = (xml.parse(c.body) as Node).feed as Node;
  return (arr(feed.entry) as Node[])
    .filter((e) => txt(e.title) !== 'Error')
    .map((e) => {
      const { id, version } = idVersion(txt(e.id)!);
      return {
        id,
        from: c.file,
        version,
        title: txt(e.title)!,
        abstract: txt(e.summary)!,
        authors: arr(e.author).map((a) => txt((a as Node).name)!),
        primary: att(e.primary_category, 'term'),
        categories: arr(e.category).map((x) => att(x, 'term')!),
        doi: txt(e.doi),
        journalRef: txt(e.journal_ref),
      };
    });
}

/** Top-level commas separate authors; commas inside "(affiliation, place)" do not. */
function creators(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  return [...out, cur.trim()].filter(Boolean);
}

/** Announcement feed (RSS 2.0): the description is "arXiv:ID Announce Type: T \nAbstract: ...". */
export function expectedFromFeed(c: Capture): Expected[] {
  const channel = ((xml.parse(c.body) as Node).rss as Node).channel as Node;
  return (arr(channel.item) as Node[]).map((e) => {
    const d = txt(e.description)!;
    const head = d.match(/^arXiv:(\S+) Announce Type: \S+\s*\nAbstract: /)!;
    const { id, version } = idVersion(head[1]);
    return {
      id,
      from: c.file,
      version,
      title: txt(e.title)!,
      abstract: d.slice(head[0].length),
      authors: creators(txt(e.creator) ?? ''),
      categories: arr(e.category).map((x) => txt(x)!),
      doi: txt(e.DOI),
      journalRef: txt(e.journal_reference),
    };
  });
}

interface HfItem {
  title?: string;
  paper: { id: string; title: string; summary: string; authors: Array<{ name: string }>; upvotes?: number; githubRepo?: string; githubStars?: number };
}

/** Hugging Face daily papers: every author, hidden or not, in order. */
export function expectedFromHf(c: Capture): Expected[] {
  return (JSON.parse(c.body) as HfItem[]).map((item) => ({
    id: item.paper.id,
    from: c.file,
    title: item.paper.title ?? item.title,
    abstract: item.paper.summary,
    authors: item.paper.authors.map((a) => a.name),
    upvotes: item.paper.upvotes,
    codeUrl: item.paper.githubRepo || undefined,
    stars: item.paper.githubStars,
  }));
}
