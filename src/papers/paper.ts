/** A paper as the core sees it: one per canonical arXiv id (or title id). */
export interface Paper {
  id: string;
  version: number | null;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt: Date | null;
  updatedAt: Date | null;
  announcedAt: Date | null;
  primaryCategory: string | null;
  categories: string[];
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  codeUrl: string | null;
  projectUrl: string | null;
  upvotes: number;
  stars: number;
  hfComments: number | null;
  hfSummary: string | null;
  keywords: string[];
  sources: string[];
  tldr: string | null;
  keyResult: string | null;
  tldrSource: string | null;
  withdrawn: boolean;
  createdAt: Date;
  changedAt: Date;
}

export type PaperSource = 'arxiv' | 'hf' | 'import';

/**
 * What a source or an import file hands in. Only title and abstract are required; anything
 * missing keeps what the library already knows.
 */
export interface PaperInput {
  /** An arXiv id or URL in any form (`2106.09685v2`, `arXiv:2106.09685`, `https://arxiv.org/abs/...`). */
  id?: string;
  version?: number;
  title: string;
  abstract: string;
  authors?: string[];
  published?: Date | string;
  updated?: Date | string;
  announced?: Date | string;
  primaryCategory?: string;
  categories?: string[];
  comment?: string;
  journalRef?: string;
  doi?: string;
  codeUrl?: string;
  projectUrl?: string;
  upvotes?: number;
  stars?: number;
  hfComments?: number;
  hfSummary?: string;
  keywords?: string[];
  withdrawn?: boolean;
  source?: PaperSource;
}

export function arxivUrl(id: string): string | null {
  return isArxivId(id) ? `https://arxiv.org/abs/${id}` : null;
}

const NEW_STYLE = /^\d{4}\.\d{4,5}$/;
const OLD_STYLE = /^[a-z-]+(\.[A-Z]{2})?\/\d{7}$/;

export function isArxivId(id: string): boolean {
  return NEW_STYLE.test(id) || OLD_STYLE.test(id);
}

/** The link a card shows: arXiv, else code, else project page. */
export function paperUrl(p: Pick<Paper, 'id' | 'codeUrl' | 'projectUrl'>): string | null {
  return arxivUrl(p.id) ?? p.projectUrl ?? p.codeUrl ?? null;
}
