import type { Fetcher } from '../http.js';
import { parseAnnouncementFeed, type ArxivPage } from './atom.js';

export interface AnnouncementFeed extends ArxivPage {
  url: string;
  feedUpdated: string | null;
}

/** rss.arxiv.org/atom/cs.CL+cs.LG: one combined feed with today's new, cross and replace announcements. */
export function feedUrl(baseUrl: string, categories: string[]): string {
  return `${baseUrl.replace(/\/+$/, '')}/${categories.map(encodeURIComponent).join('+')}`;
}

export async function fetchAnnouncementFeed(fetcher: Fetcher, o: { baseUrl: string; categories: string[] }): Promise<AnnouncementFeed> {
  const url = feedUrl(o.baseUrl, o.categories);
  const res = await fetcher.get(url, { accept: 'application/atom+xml, application/rss+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.7' });
  return { ...parseAnnouncementFeed(res.body), url };
}
