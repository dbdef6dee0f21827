import { cleanText } from './clean.js';
import { parseArxivId, titleId } from './ids.js';
import type { Paper, PaperInput, PaperSource } from './paper.js';

/**
 * A validated, cleaned paper ready to store: the stored Paper less what the library derives
 * (TL;DR, sources, timestamps). Null popularity means the source did not say.
 */
export type PaperRecord = Omit<Paper, 'upvotes' | 'stars' | 'sources' | 'tldr' | 'keyResult' | 'tldrSource' | 'createdAt' | 'changedAt'> & {
  upvotes: number | null;
  stars: number | null;
  source: PaperSource;
};

export class InvalidPaper extends Error {}

const MAX_TITLE = 1_000;
const MAX_ABSTRACT = 20_000;

function toDate(v: Date | string | undefined, field: string): Date | null {
  if (v === undefined || v === null || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new InvalidPaper(`${field} is not a date: ${JSON.stringify(v).slice(0, 40)}`);
  return d;
}

function toCount(v: unknown, field: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidPaper(`${field} must be a non-negative number`);
  return Math.round(v);
}

function strings(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new InvalidPaper(`${field} must be a list of strings`);
  return v.map((x) => cleanText(x)).filter(Boolean);
}

function optText(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new InvalidPaper(`${field} must be a string`);
  return cleanText(v) || null;
}

function optUrl(v: unknown, field: string): string | null {
  const s = optText(v, field);
  if (s === null) return null;
  if (!/^https?:\/\/\S+$/i.test(s)) throw new InvalidPaper(`${field} must be an http(s) URL`);
  return s;
}

/** Validate and clean one input. Throws InvalidPaper with a reason a person can act on. */
export function normalizePaper(input: PaperInput, defaultSource: PaperSource = 'import'): PaperRecord {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InvalidPaper('expected an object');
  if (typeof input.title !== 'string') throw new InvalidPaper('title is missing');
  if (typeof input.abstract !== 'string') throw new InvalidPaper('abstract is missing');
  const title = cleanText(input.title);
  const abstract = cleanText(input.abstract);
  if (!title) throw new InvalidPaper('title is empty');
  if (title.length > MAX_TITLE) throw new InvalidPaper(`title is longer than ${MAX_TITLE} characters`);
  if (abstract.length > MAX_ABSTRACT) throw new InvalidPaper(`abstract is longer than ${MAX_ABSTRACT} characters`);

  let id: string;
  let version: number | null = null;
  if (input.id !== undefined && input.id !== null && input.id !== '') {
    if (typeof input.id !== 'string') throw new InvalidPaper('id must be a string');
    const ref = parseArxivId(input.id);
    if (!ref) throw new InvalidPaper(`id is not an arXiv id: ${JSON.stringify(input.id.slice(0, 60))}`);
    id = ref.id;
    version = ref.version;
  } else {
    id = titleId(title);
  }
  if (input.version !== undefined) {
    if (!Number.isInteger(input.version) || input.version < 1) throw new InvalidPaper('version must be a positive integer');
    version = input.version;
  }

  return {
    id,
    version,
    title,
    abstract,
    authors: strings(input.authors, 'authors'),
    publishedAt: toDate(input.published, 'published'),
    updatedAt: toDate(input.updated, 'updated'),
    announcedAt: toDate(input.announced, 'announced'),
    primaryCategory: optText(input.primaryCategory, 'primaryCategory'),
    categories: strings(input.categories, 'categories'),
    comment: optText(input.comment, 'comment'),
    journalRef: optText(input.journalRef, 'journalRef'),
    doi: optText(input.doi, 'doi'),
    codeUrl: optUrl(input.codeUrl, 'codeUrl'),
    projectUrl: optUrl(input.projectUrl, 'projectUrl'),
    upvotes: toCount(input.upvotes, 'upvotes'),
    stars: toCount(input.stars, 'stars'),
    hfComments: toCount(input.hfComments, 'hfComments'),
    hfSummary: optText(input.hfSummary, 'hfSummary'),
    keywords: strings(input.keywords, 'keywords'),
    withdrawn: input.withdrawn === true,
    source: input.source ?? defaultSource,
  };
}
