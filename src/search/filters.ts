// Filters in a query or a topic: `code:yes` (or no), `cat:cs.LG` (`category:`), `since:7d` (days,
// weeks `2w`, months `3m`). They are taken out before the words are searched (and before
// exclusions.ts reads NOT/-term), and applied to the papers the search found: the index holds
// text, the paper rows hold code links, categories and dates.
import type { Paper } from '../papers/paper.js';

export interface QueryFilters {
  code?: boolean;
  /** Any of these (lower case); empty: no category filter. */
  categories: string[];
  /** Announced (else published) within this many days. */
  sinceDays?: number;
}

export interface SplitFilters {
  /** The query without its filters. */
  text: string;
  filters: QueryFilters;
  /** One clear line per filter it could not read ("since takes days, weeks or months, like since:7d"). */
  problems: string[];
}

const FILTER = /(^|\s)(code|cat|category|since):(\S*)/gi;
const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };
/** arXiv category names: `cs.CL`, `stat.ML`, `eess.AS`, `q-bio.NC`, `hep-th`. */
export const CATEGORY_PATTERN = /^[a-z]+(-[a-z]+)?(\.[a-z]{2,3})?$/i;
const DAY_MS = 86_400_000;

export function splitFilters(query: string): SplitFilters {
  const filters: QueryFilters = { categories: [] };
  const problems: string[] = [];
  const text = query
    .replace(FILTER, (_m, lead: string, key: string, value: string) => {
      const k = key.toLowerCase();
      const v = value.toLowerCase();
      if (k === 'code') {
        if (/^(yes|y|true|1)$/.test(v)) filters.code = true;
        else if (/^(no|n|false|0)$/.test(v)) filters.code = false;
        else problems.push(`code takes yes or no, like code:yes (not "${value.slice(0, 20)}")`);
      } else if (k === 'since') {
        const m = /^(\d{1,4})([dwmy])$/.exec(v);
        if (m && Number(m[1]) > 0) filters.sinceDays = Number(m[1]) * UNIT_DAYS[m[2]];
        else problems.push(`since takes days, weeks or months, like since:7d, since:2w or since:3m (not "${value.slice(0, 20)}")`);
      } else if (CATEGORY_PATTERN.test(value)) {
        filters.categories.push(v);
      } else {
        problems.push(`cat takes an arXiv category, like cat:cs.LG (not "${value.slice(0, 20)}")`);
      }
      return lead;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { text, filters, problems };
}

export function hasFilters(f: QueryFilters): boolean {
  return f.code !== undefined || f.categories.length > 0 || f.sinceDays !== undefined;
}

/** Whether a paper passes every filter. */
export function passesFilters(p: Pick<Paper, 'codeUrl' | 'categories' | 'announcedAt' | 'publishedAt'>, f: QueryFilters, now: Date): boolean {
  if (f.code !== undefined && Boolean(p.codeUrl) !== f.code) return false;
  if (f.categories.length && !p.categories.some((c) => f.categories.includes(c.toLowerCase()))) return false;
  if (f.sinceDays !== undefined) {
    const at = p.announcedAt ?? p.publishedAt;
    if (!at || now.getTime() - at.getTime() > f.sinceDays * DAY_MS) return false;
  }
  return true;
}

/** "code, category cs.lg, announced in the last 7 days" */
export function describeFilters(f: QueryFilters): string {
  const parts: string[] = [];
  if (f.code !== undefined) parts.push(f.code ? 'code' : 'no code link');
  if (f.categories.length) parts.push(`category ${f.categories.join(' or ')}`);
  if (f.sinceDays !== undefined) parts.push(`announced in the last ${f.sinceDays} days`);
  return parts.join(', ');
}
