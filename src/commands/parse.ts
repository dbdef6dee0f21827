import type { SettingsChange } from '../channels/channels.js';
import { CATEGORY_PATTERN, makeFollow, type FollowKind } from '../channels/follows.js';
import { splitFilters } from '../search/filters.js';
import type { Command } from './command.js';
import { stripBidi } from '../papers/clean.js';

export const MAX_QUERY_CHARS = 256;
export const MAX_TOPIC_CHARS = 100;
const MAX_INPUT_CHARS = 20_000;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function parseSettings(args: string[]): Command {
  const changes: SettingsChange = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i].toLowerCase();
    const value = args[i + 1];
    if (value === undefined) return { kind: 'invalid', reason: `settings ${key} needs a value` };
    switch (key) {
      case 'time': {
        const m = value.match(/^([01]?\d|2[0-3]):([0-5]\d)$/);
        if (!m) return { kind: 'invalid', reason: `time must be HH:MM (24-hour), not "${value.slice(0, 20)}"` };
        changes.time = `${m[1].padStart(2, '0')}:${m[2]}`;
        break;
      }
      case 'tz':
      case 'timezone':
        if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value) || !isTimeZone(value)) {
          return { kind: 'invalid', reason: `tz must be an IANA time zone such as Europe/Berlin, not "${value.slice(0, 40)}"` };
        }
        changes.timezone = value === 'utc' ? 'UTC' : value;
        break;
      case 'size': {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < 1 || n > 10) return { kind: 'invalid', reason: 'size must be a whole number from 1 to 10' };
        changes.size = n;
        break;
      }
      case 'days': {
        const d = value.toLowerCase();
        if (d !== 'weekdays' && d !== 'daily' && d !== 'weekly') return { kind: 'invalid', reason: 'days must be weekdays, daily or weekly' };
        changes.days = d;
        break;
      }
      case 'repost':
      case 'keep': {
        const v = value.toLowerCase();
        if (v === 'never' || v === 'forever') changes.repostAfterDays = null;
        else if (v === '7' || v === '30') changes.repostAfterDays = Number(v);
        else return { kind: 'invalid', reason: 'repost must be never, 7 or 30 (days before a posted paper may come back)' };
        break;
      }
      case 'empty': {
        const v = value.toLowerCase();
        if (v !== 'say' && v !== 'silent') return { kind: 'invalid', reason: 'empty must be say or silent' };
        changes.quietWhenEmpty = v === 'silent';
        break;
      }
      default:
        return { kind: 'invalid', reason: `unknown setting "${key.slice(0, 20)}"; use time, tz, size, days, repost or empty` };
    }
  }
  return { kind: 'settings', changes };
}

const FOLLOW_KINDS: Record<string, FollowKind> = {
  author: 'author',
  person: 'author',
  category: 'category',
  cat: 'category',
  venue: 'venue',
  conference: 'venue',
};
const MAX_FOLLOW_CHARS = 100;

/** `follow author "Tri Dao"`, `follow category cs.CL`, `follow venue ACL` (quotes optional). */
function parseFollow(head: 'follow' | 'unfollow', args: string[]): Command {
  const usage = `e.g. /papers ${head} author "Tri Dao", /papers ${head} category cs.CL or /papers ${head} venue ACL`;
  const kind = FOLLOW_KINDS[args[0]?.toLowerCase() ?? ''];
  if (!kind) return { kind: 'invalid', reason: `${head} takes author, category or venue, ${usage}` };
  const label = args
    .slice(1)
    .join(' ')
    .replace(/^["'“”‘’](.*)["'“”‘’]$/s, '$1')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(label)) return { kind: 'invalid', reason: `${head} ${args[0].toLowerCase()} needs a name, ${usage}` };
  if (label.length > MAX_FOLLOW_CHARS) return { kind: 'invalid', reason: `a name to follow is at most ${MAX_FOLLOW_CHARS} characters` };
  if (kind === 'category' && !CATEGORY_PATTERN.test(label)) {
    return { kind: 'invalid', reason: `"${label.slice(0, 40)}" is not an arXiv category (like cs.CL or stat.ML)` };
  }
  return { kind: head, follow: makeFollow(kind, label) };
}

/** A paper reference as people paste it: `2106.09685`, `arXiv:2106.09685v2`, an arXiv URL, or a `t-...` id. */
function paperRef(arg: string | undefined): string | null {
  if (!arg) return null;
  const s = arg.trim();
  const m = s.match(/(?:arxiv\.org\/(?:abs|pdf)\/|arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?$/i);
  if (m) return m[1];
  // The short id a paper without an arXiv id shows on its card (a hash of its title).
  if (/^t-[0-9a-f]{12}$/i.test(s)) return s.toLowerCase();
  if (/^[a-z-]+(\.[A-Z]{2})?\/\d{7}$/.test(s)) return s;
  return null;
}

/**
 * Parse the text after `/papers` (a leading `/papers` is accepted too). Never throws: anything it
 * cannot read becomes `invalid` with a reason, which the handler answers with help.
 */
export function parseCommand(raw: string): Command {
  let text = typeof raw === 'string' ? raw : '';
  if (text.length > MAX_INPUT_CHARS) text = text.slice(0, MAX_INPUT_CHARS);
  text = stripBidi(text.normalize('NFKC')).replace(/[\u0000-\u001f\u007f\u200b-\u200d\ufeff]/g, ' ').trim();
  text = text.replace(/^\/?papers\b/i, '').trim();
  if (!text) return { kind: 'help' };

  const words = text.split(/\s+/);
  const head = words[0].toLowerCase();
  const rest = words.slice(1);
  const restText = rest.join(' ');

  switch (head) {
    case 'help':
    case '?':
    case '-h':
    case '--help':
      return { kind: 'help' };
    case 'search':
    case 'find':
      // An explicit search, so a query may start with a command word ("similar tasks").
      if (!/[\p{L}\p{N}]/u.test(restText)) return { kind: 'invalid', reason: 'search needs a query, e.g. /papers search lora' };
      return searchOf(restText);
    case 'paper':
    case 'similar': {
      if (rest.length !== 1) return { kind: 'invalid', reason: `${head} takes one arXiv id, e.g. /papers ${head} 2106.09685` };
      const id = paperRef(rest[0]);
      if (!id) return { kind: 'invalid', reason: `"${rest[0].slice(0, 40)}" is not an arXiv id (like 2106.09685) or the short id on a paper's card (like t-0123456789ab)` };
      return { kind: head, id };
    }
    case 'subscribe':
    case 'unsubscribe': {
      if (!restText) return { kind: 'invalid', reason: `${head} needs a topic, e.g. /papers ${head} speculative decoding` };
      if (restText.length > MAX_TOPIC_CHARS) return { kind: 'invalid', reason: `a topic is at most ${MAX_TOPIC_CHARS} characters` };
      if (!/[\p{L}\p{N}]/u.test(restText)) return { kind: 'invalid', reason: 'a topic needs at least one letter or digit' };
      const bad = splitFilters(restText).problems[0];
      if (bad) return { kind: 'invalid', reason: bad };
      // As typed: NOT is upper case, and the team wrote "LoRA" the way it wrote it.
      return { kind: head, topic: restText };
    }
    case 'less': {
      const id = paperRef(rest[0]);
      if (rest.length !== 1 || !id) return { kind: 'invalid', reason: 'less takes one arXiv id, e.g. /papers less 2106.09685 (or 👎 a paper card)' };
      return { kind: 'less', id };
    }
    case 'taste': {
      const sub = restText.toLowerCase();
      if (sub !== '' && sub !== 'reset') return { kind: 'invalid', reason: 'taste takes nothing or reset: /papers taste, /papers taste reset' };
      return { kind: 'taste', reset: sub === 'reset' };
    }
    case 'follow':
    case 'unfollow':
      if (head === 'follow' && rest.length === 0) return { kind: 'follows' };
      return parseFollow(head, rest);
    case 'follows':
    case 'following':
      return { kind: 'follows' };
    case 'digest': {
      const mode = (rest[0] ?? 'now').toLowerCase();
      if (rest.length > 1 || (mode !== 'now' && mode !== 'preview')) return { kind: 'invalid', reason: 'digest takes now or preview' };
      return { kind: 'digest', mode };
    }
    case 'settings':
      return parseSettings(rest);
    case 'bookmarks':
    case 'bookmark':
    case 'saved':
    case 'library': {
      if (rest[0]?.toLowerCase() === 'team') return { kind: 'bookmarks', query: rest.slice(1).join(' ') || null, scope: 'team' };
      return { kind: 'bookmarks', query: restText ? restText.slice(0, MAX_QUERY_CHARS) : null, scope: 'mine' };
    }
    case 'export': {
      if (rest.length === 1 && rest[0].toLowerCase() === 'bibtex') return { kind: 'export', format: 'bibtex' };
      return { kind: 'invalid', reason: 'export takes bibtex: /papers export bibtex' };
    }
    default:
      if (!/[\p{L}\p{N}]/u.test(text)) return { kind: 'invalid', reason: 'a search needs at least one letter or digit' };
      return searchOf(text);
  }
}

/** A query, cut at a word boundary when it is longer than a search reads. */
function searchOf(text: string): Command {
  const truncated = text.length > MAX_QUERY_CHARS;
  let query = truncated ? text.slice(0, MAX_QUERY_CHARS).replace(/\s+\S*$/, '') : text;
  if (!query) query = text.slice(0, MAX_QUERY_CHARS);
  return { kind: 'search', query, truncated };
}

export const HELP_TEXT = [
  '*paperbot*: ML papers from arXiv and Hugging Face, ranked for your team.',
  '`/papers <query>` or `/papers search <query>`: search, e.g. `/papers lora` or `/papers speculative decoding`',
  '`/papers paper <arXiv id>`: one paper',
  '`/papers similar <arXiv id>`: papers like it',
  '`/papers subscribe <topic>` / `/papers unsubscribe <topic>`: this channel\'s daily digest topics',
  '`/papers follow author "Tri Dao"` / `follow category cs.CL` / `follow venue ACL`, `unfollow ...`, `/papers follows`: always get a person\'s new papers; add a category or venue',
  '`/papers taste` / `/papers taste reset`: what this channel\'s digest learned from :bookmark: and 👎 (less like this) on papers, or start afresh',
  '`/papers digest now` / `/papers digest preview`: post the digest now, or preview tomorrow\'s',
  '`/papers settings [time HH:MM] [tz Area/City] [size N] [days weekdays|daily|weekly] [repost never|7|30] [empty say|silent]`',
  '`/papers bookmarks [query]` / `/papers bookmarks team`: saved papers; react with :bookmark: on a paper to save it',
  '`/papers export bibtex`: your bookmarks as BibTeX',
].join('\n');
