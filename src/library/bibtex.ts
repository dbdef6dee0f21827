import { isArxivId, paperUrl, type Paper } from '../papers/paper.js';

// BibTeX by hand: it is a few lines of escaping, and the npm writers pull in whole citation engines.
// Validity is checked in tests with a real parser (@retorquere/bibtex-parser).

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
};

function escape(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) => SPECIAL[c]);
}

/** Keep the capitals of acronyms and names (LoRA, GPT-4) from being lower-cased by styles. */
function protectTitle(title: string): string {
  return escape(title)
    .split(' ')
    .map((w) => (/[A-Z]/.test(w.slice(1)) || /^[A-Z]{2,}/.test(w) ? `{${w}}` : w))
    .join(' ');
}

/** "Edward J. Hu" -> "Hu, Edward J."; names already written "Last, First" stay. */
function bibAuthor(name: string): string {
  const n = name.trim();
  if (n.includes(',')) return escape(n);
  const parts = n.split(/\s+/);
  if (parts.length === 1) return escape(n);
  return escape(`${parts[parts.length - 1]}, ${parts.slice(0, -1).join(' ')}`);
}

function year(p: Paper): string | null {
  if (p.publishedAt) return String(p.publishedAt.getUTCFullYear());
  const m = p.id.match(/^(\d{2})\d{2}\./);
  if (m) return `20${m[1]}`;
  return p.announcedAt ? String(p.announcedAt.getUTCFullYear()) : null;
}

function ascii(s: string): string {
  return s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

const SKIP = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'and', 'towards', 'toward', 'with', 'via']);

/** hu2021lora: first author's surname, year, first significant title word. */
function citeKey(p: Paper): string {
  const first = p.authors[0]?.trim() ?? '';
  const surname = first.includes(',') ? first.split(',')[0] : first.split(/\s+/).pop() ?? '';
  const word = p.title.split(/[^\p{L}\p{N}]+/u).find((w) => w && !SKIP.has(w.toLowerCase())) ?? 'paper';
  return `${ascii(surname) || 'anon'}${year(p) ?? ''}${ascii(word) || 'paper'}`;
}

export function toBibtex(papers: Paper[]): string {
  const used = new Map<string, number>();
  return papers
    .map((p) => {
      let key = citeKey(p);
      const n = used.get(key) ?? 0;
      used.set(key, n + 1);
      if (n > 0) key += String.fromCharCode(97 + ((n - 1) % 26)) + (n > 26 ? String(Math.floor((n - 1) / 26)) : '');
      const fields: Array<[string, string]> = [['title', protectTitle(p.title)]];
      if (p.authors.length) fields.push(['author', p.authors.map(bibAuthor).join(' and ')]);
      const y = year(p);
      if (y) fields.push(['year', y]);
      if (isArxivId(p.id)) {
        fields.push(['eprint', p.id], ['archivePrefix', 'arXiv']);
        if (p.primaryCategory) fields.push(['primaryClass', escape(p.primaryCategory)]);
      }
      if (p.doi) fields.push(['doi', escape(p.doi)]);
      const url = paperUrl(p);
      if (url) fields.push(['url', url.replace(/[{}\\]/g, '')]);
      if (p.journalRef) fields.push(['note', escape(p.journalRef)]);
      const body = fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n');
      return `@misc{${key},\n${body}\n}`;
    })
    .join('\n\n')
    .concat(papers.length ? '\n' : '');
}
