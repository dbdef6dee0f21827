import { describe, expect, it } from 'vitest';
import { parse } from '@retorquere/bibtex-parser';
import { toBibtex } from '../../src/library/bibtex.js';
import type { Paper } from '../../src/papers/paper.js';
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../../src/app.js';
import { handleAction, handleCommand } from '../../src/commands/handle.js';
import { CTX, sampleApp } from '../helpers/app.js';

function paper(over: Partial<Paper>): Paper {
  const now = new Date('2024-01-01T00:00:00Z');
  return {
    id: '2106.09685', version: 2, title: 'LoRA: Low-Rank Adaptation of Large Language Models', abstract: '', authors: ['Edward J. Hu', 'Yelong Shen'],
    publishedAt: new Date('2021-06-17T00:00:00Z'), updatedAt: null, announcedAt: null, primaryCategory: 'cs.CL', categories: ['cs.CL'], comment: null,
    journalRef: null, doi: null, codeUrl: null, projectUrl: null, upvotes: 0, stars: 0, hfComments: null, hfSummary: null, keywords: [], sources: ['arxiv'],
    tldr: null, keyResult: null, tldrSource: null, withdrawn: false, createdAt: now, changedAt: now, ...over,
  };
}

describe('toBibtex', () => {
  it('writes arXiv entries a real BibTeX parser reads back', () => {
    const text = toBibtex([
      paper({}),
      paper({ id: '2305.14314', title: 'QLoRA: Efficient Finetuning of Quantized LLMs & 100% {weird} $chars_#~^\\', authors: ['Tim Dettmers', 'Müller, Jörg'], publishedAt: new Date('2023-05-23T00:00:00Z'), primaryCategory: 'cs.LG' }),
      paper({ id: 't-0123456789ab', title: 'A Title-Only Paper', authors: [], publishedAt: null, primaryCategory: null }),
      paper({ id: '2106.09686' }),
    ]);
    const parsed = parse(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toHaveLength(4);
    const [lora, qlora, titleOnly, dup] = parsed.entries;
    expect(lora.key).toBe('hu2021lora');
    expect(lora.fields).toMatchObject({ eprint: '2106.09685', archiveprefix: 'arXiv', primaryclass: 'cs.CL', year: '2021' });
    expect(lora.fields.author).toEqual([{ lastName: 'Hu', firstName: 'Edward J.' }, { lastName: 'Shen', firstName: 'Yelong' }]);
    expect(qlora.fields.title).toContain('100%');
    expect(qlora.fields.author?.[1]).toMatchObject({ lastName: 'Müller', firstName: 'Jörg' });
    expect(titleOnly.fields.eprint).toBeUndefined();
    expect(dup.key).toBe('hu2021loraa');
    expect(text).toContain('{LoRA:}');
  });
  it('is empty for no papers', () => {
    expect(toBibtex([])).toBe('');
  });
});

describe('/papers export bibtex', () => {
  let app: App;
  beforeAll(async () => {
    app = await sampleApp();
  });
  afterAll(async () => {
    await app?.close();
  });
  it('exports the asker\'s bookmarks as a .bib file, privately', async () => {
    expect((await handleCommand(app, CTX, 'export bibtex')).text).toMatch(/no bookmarks/);
    const hits = (await handleCommand(app, CTX, 'lora')).cards.slice(0, 2);
    for (const c of hits) await handleAction(app, CTX, { kind: 'bookmark', value: c.paperId });
    const r = await handleCommand(app, CTX, 'export bibtex');
    expect(r.visibility).toBe('private');
    expect(r.file?.filename).toBe('paperbot-bookmarks.bib');
    const parsed = parse(r.file!.content);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((e) => String(e.fields.title).toLowerCase()).sort()).toEqual(hits.map((h) => h.title.toLowerCase()).sort());
  });
});
