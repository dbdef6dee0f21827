import { describe, expect, it } from 'vitest';
import { looksWithdrawn, parseAnnouncementFeed, parseQueryPage, splitAuthors } from '../../src/sources/arxiv/atom.js';
import { MalformedResponse } from '../../src/sources/entries.js';
import { parseDailyPapers } from '../../src/sources/hf/daily-papers.js';
import { InvalidPaper, normalizePaper } from '../../src/papers/normalize.js';
import type { PaperInput } from '../../src/papers/paper.js';
import { fixture } from '../fakes/source-fixtures.js';

describe('arXiv query API Atom', () => {
  it('reads every documented field of an entry, and the OpenSearch paging counts', () => {
    const page = parseQueryPage(fixture('arxiv-api-page1.xml'));
    expect(page.totalResults).toBe(7);
    expect(page.startIndex).toBe(0);
    expect(page.itemsPerPage).toBe(3);
    expect(page.entries).toHaveLength(3);
    const e = page.entries[0];
    expect(e.ref).toBe('2503.01001v2');
    expect(e.input).toMatchObject({
      id: '2503.01001',
      version: 2,
      authors: ['Ada Lovelace', 'Alan Turing'],
      published: '2025-02-28T20:01:05Z',
      updated: '2025-03-03T18:22:11Z',
      primaryCategory: 'cs.CL',
      categories: ['cs.CL', 'cs.LG'],
      comment: '12 pages, 4 figures; code at https://github.com/example/moe-route',
      journalRef: 'Proceedings of ACL 2025',
      doi: '10.18653/v1/2025.acl-long.1',
      withdrawn: false,
      source: 'arxiv',
    });
    expect(e.links).toEqual({ abs: 'http://arxiv.org/abs/2503.01001v2', pdf: 'http://arxiv.org/pdf/2503.01001v2', doi: 'http://dx.doi.org/10.18653/v1/2025.acl-long.1' });
    // Hard-wrapped title and abstract come out as one clean line after normalizing.
    const r = normalizePaper(e.input as PaperInput, 'arxiv');
    expect(r.title).toBe('Sparse Mixture-of-Experts Routing for Long-Context Language Models');
    expect(r.abstract).toMatch(/^We study routing .* by 8% on long documents\.$/);
  });

  it('finds arXiv elements whatever the namespace declaration style, marks withdrawn papers, leaves malformed entries to normalize', () => {
    const page = parseQueryPage(fixture('arxiv-api-page2.xml'));
    expect(page.totalResults).toBe(7);
    expect(page.entries.map((e) => e.ref)).toEqual(['2503.01003v1', '2503.01004v1', '2503.01005v2']);
    expect(page.entries[2].input.withdrawn).toBe(true);
    expect(() => normalizePaper(page.entries[1].input as PaperInput, 'arxiv')).toThrow(new InvalidPaper('title is missing'));
    const bad = parseQueryPage(fixture('arxiv-api-page3.xml')).entries[0];
    expect(() => normalizePaper(bad.input as PaperInput, 'arxiv')).toThrow(/updated is not a date/);
  });

  it('turns the API error entry into an error, and reads an empty result', () => {
    expect(() => parseQueryPage(fixture('arxiv-api-error.xml'))).toThrow(/^arXiv refused the query: incorrect id format for 1234.12345$/);
    const empty = parseQueryPage(fixture('arxiv-api-empty.xml'));
    expect(empty).toMatchObject({ entries: [], skipped: [], totalResults: 0 });
  });

  it('refuses an HTML error page, truncated XML and plain text with a clear reason', () => {
    expect(() => parseQueryPage(fixture('error-page.html'))).toThrow(/got an HTML page \("arXiv is undergoing maintenance"\)/);
    const full = fixture('arxiv-api-page1.xml');
    expect(() => parseQueryPage(full.slice(0, Math.floor(full.length * 0.6)))).toThrow(MalformedResponse);
    expect(() => parseQueryPage(full.slice(0, Math.floor(full.length * 0.6)))).toThrow(/not well-formed XML.*truncated/);
    expect(() => parseQueryPage('Rate exceeded.')).toThrow(/got text: "Rate exceeded."/);
    expect(() => parseQueryPage('<?xml version="1.0"?><html><body>hi</body></html>')).toThrow(/expected an Atom <feed>, got <html>/);
  });
});

describe('arXiv announcement feed', () => {
  it('reads the Atom feed: announce types, the abstract after its "Announce Type" header, listing day, authors from dc:creator', () => {
    const feed = parseAnnouncementFeed(fixture('arxiv-feed.atom.xml'));
    expect(feed.entries.map((e) => [e.ref, e.announceType])).toEqual([
      ['2503.02001v1', 'new'],
      ['2503.02002v1', 'new'],
      ['2502.18001v1', 'cross'],
      ['2501.05001v3', 'replace'],
      ['2412.11111v2', 'replace-cross'],
    ]);
    expect(feed.skipped).toEqual([{ reason: 'id is missing' }]);
    const first = feed.entries[0];
    expect(first.listingDay).toBe('2025-03-04');
    expect(first.input.abstract).toMatch(/^We distill chain-of-thought reasoning/);
    expect(first.input.authors).toEqual(['Ada Lovelace', 'Alan Turing (University of Manchester, UK)', 'Grace Hopper']);
    expect(first.input.categories).toEqual(['cs.CL', 'cs.AI']);
    expect(feed.entries[1].input).toMatchObject({ authors: ['Katherine Johnson', 'Dorothy Vaughan'], journalRef: 'CVPR 2025', doi: '10.1109/CVPR.2025.00001' });
    expect(feed.entries[3].input.withdrawn).toBe(true);
    expect(feed.entries[4].input.withdrawn).toBe(false);
  });

  it('reads the RSS 2.0 flavour of the same feed', () => {
    const feed = parseAnnouncementFeed(fixture('arxiv-feed.rss.xml'));
    expect(feed.entries.map((e) => e.ref)).toEqual(['2503.02001v1', '2503.02003v1']);
    // Entities reach normalizePaper as written: cleanText decodes them, once.
    expect(feed.entries[1].input).toMatchObject({ title: 'Tokenizer-Free Language Modeling &amp; Byte Patches', doi: '10.18653/v1/2025.emnlp-main.7', journalRef: 'EMNLP 2025' });
    expect(feed.entries[1].listingDay).toBe('2025-03-04');
    expect(feed.entries[0].input.abstract).toMatch(/^We distill/);
  });

  it('an empty feed (weekend) is a valid feed with no entries', () => {
    const feed = parseAnnouncementFeed(fixture('arxiv-feed-empty.atom.xml'));
    expect(feed.entries).toEqual([]);
    expect(feed.feedUpdated).toBe('2025-03-08T05:00:09.120000+00:00');
  });

  it('splits authors on top-level commas and "and", keeping affiliations whole', () => {
    expect(splitAuthors('A. One, B. Two and C. Three')).toEqual(['A. One', 'B. Two', 'C. Three']);
    expect(splitAuthors('A (X Lab, Y University), B')).toEqual(['A (X Lab, Y University)', 'B']);
  });

  it('recognizes withdrawal notices but not papers that merely mention the word', () => {
    expect(looksWithdrawn('This paper has been withdrawn by the author', null)).toBe(true);
    expect(looksWithdrawn('withdrawn', null)).toBe(true);
    expect(looksWithdrawn(null, 'This submission has been withdrawn by arXiv administrators because it is a duplicate.')).toBe(true);
    expect(looksWithdrawn('12 pages', 'We study how withdrawn drugs affect trial outcomes.')).toBe(false);
  });
});

describe('Hugging Face daily papers', () => {
  it('maps the nested item shape: popularity, repo, project page, HF summary and keywords, featured time', () => {
    const page = parseDailyPapers(fixture('hf-daily-2025-03-04.json'), '2025-03-04');
    expect(page.items).toBe(6);
    expect(page.skipped).toEqual([{ reason: 'paper id is missing' }]);
    const [a, b] = page.entries;
    expect(a.input).toMatchObject({
      id: '2503.02001',
      upvotes: 42,
      stars: 310,
      codeUrl: 'https://github.com/example/cot-distill',
      projectUrl: 'https://example.github.io/cot-distill',
      hfSummary: "A 1B student keeps 90% of a large teacher's GSM8K accuracy after chain-of-thought distillation.",
      keywords: ['chain-of-thought', 'distillation', 'GSM8K'],
      hfComments: 3,
      announced: '2025-03-04T02:10:33.000Z',
      published: '2025-03-03T18:59:59.000Z',
      source: 'hf',
    });
    expect(a.input.version).toBeUndefined();
    // A bad link or keyword drops that field only; a hidden author is still an author, in order.
    expect(b.input).toMatchObject({ projectUrl: undefined, codeUrl: undefined, keywords: ['world model', 'video'], authors: ['Yann Example', 'Hidden Person'] });
  });

  it('keeps a hidden first author first (hidden hides the HF profile, not the authorship)', () => {
    const body = JSON.stringify([{ paper: { id: '2509.00001', title: 'T', summary: 'S', authors: [{ _id: 'a', name: 'First Hidden', hidden: true }, { _id: 'b', name: 'Second Shown', hidden: false }] } }]);
    expect(parseDailyPapers(body, '2025-09-30').entries[0].input.authors).toEqual(['First Hidden', 'Second Shown']);
  });

  it('keeps the bad-date item for normalize to refuse, drops a non-numeric count, and neutralizes NUL characters', () => {
    const page = parseDailyPapers(fixture('hf-daily-2025-03-04.json'), '2025-03-04');
    const badDate = page.entries.find((e) => e.ref === '2503.02200')!;
    expect(badDate.input.upvotes).toBeUndefined();
    expect(() => normalizePaper(badDate.input as PaperInput, 'hf')).toThrow(/published is not a date/);
    const nul = page.entries.find((e) => e.ref === '2503.02300')!;
    expect(normalizePaper(nul.input as PaperInput, 'hf').title).toBe('Robust Tokenization Under Noise');
  });

  it('maps the flat shape, where the item is the paper', () => {
    const [e] = parseDailyPapers(fixture('hf-flat.json'), '2025-03-04').entries;
    expect(e.input).toMatchObject({ id: '2503.02400', title: 'A Paper in the Flat Shape', upvotes: 9, stars: 12, hfComments: 2, announced: '2025-03-04T10:00:00.000Z' });
  });

  it('refuses HTML, truncated JSON, an error object and a non-array', () => {
    expect(() => parseDailyPapers(fixture('error-page.html'), '2025-03-04')).toThrow(/got an HTML page/);
    expect(() => parseDailyPapers(fixture('hf-flat.json').slice(0, 100), '2025-03-04')).toThrow(/not valid JSON.*truncated/);
    expect(() => parseDailyPapers('{"error":"Invalid date"}', '2025-03-04')).toThrow(/Hugging Face API error: Invalid date/);
    expect(() => parseDailyPapers('{"papers":[]}', '2025-03-04')).toThrow(/expected a JSON array/);
  });
});
