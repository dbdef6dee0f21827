import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { planCommand } from '../../src/commands/plan.js';

describe('parseCommand: every form of the grammar', () => {
  it.each([
    ['', { kind: 'help' }],
    ['/papers', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['/papers help', { kind: 'help' }],
    ['lora', { kind: 'search', query: 'lora', truncated: false }],
    ['/papers speculative decoding', { kind: 'search', query: 'speculative decoding', truncated: false }],
    ['search similar tasks', { kind: 'search', query: 'similar tasks', truncated: false }],
    ['paper 2106.09685', { kind: 'paper', id: '2106.09685' }],
    ['paper arXiv:2106.09685v2', { kind: 'paper', id: '2106.09685' }],
    ['paper https://arxiv.org/abs/2106.09685', { kind: 'paper', id: '2106.09685' }],
    ['similar 2106.09685', { kind: 'similar', id: '2106.09685' }],
    ['subscribe Speculative Decoding', { kind: 'subscribe', topic: 'Speculative Decoding' }],
    ['subscribe lora NOT "text to image"', { kind: 'subscribe', topic: 'lora NOT "text to image"' }],
    ['unsubscribe lora', { kind: 'unsubscribe', topic: 'lora' }],
    ['digest', { kind: 'digest', mode: 'now' }],
    ['digest now', { kind: 'digest', mode: 'now' }],
    ['digest preview', { kind: 'digest', mode: 'preview' }],
    ['settings', { kind: 'settings', changes: {} }],
    [
      'settings time 7:30 tz Europe/Berlin size 8 days daily',
      { kind: 'settings', changes: { time: '07:30', timezone: 'Europe/Berlin', size: 8, days: 'daily' } },
    ],
    ['settings repost 30 empty silent', { kind: 'settings', changes: { repostAfterDays: 30, quietWhenEmpty: true } }],
    ['settings repost never', { kind: 'settings', changes: { repostAfterDays: null } }],
    ['bookmarks', { kind: 'bookmarks', query: null, scope: 'mine' }],
    ['bookmarks lora', { kind: 'bookmarks', query: 'lora', scope: 'mine' }],
    ['bookmarks team', { kind: 'bookmarks', query: null, scope: 'team' }],
    ['export bibtex', { kind: 'export', format: 'bibtex' }],
    ['EXPORT BibTeX', { kind: 'export', format: 'bibtex' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('parseCommand: malformed input is invalid with a reason, never an exception', () => {
  it.each([
    ['paper', /takes one arXiv id/],
    ['paper lora', /not an arXiv id/],
    ['paper 1 2', /takes one arXiv id/],
    ['similar', /takes one arXiv id/],
    ['search', /search needs a query/],
    ['subscribe', /needs a topic/],
    ['subscribe !!!', /at least one letter/],
    [`subscribe ${'x'.repeat(200)}`, /at most 100/],
    ['digest tomorrow', /now or preview/],
    ['settings time 25:00', /HH:MM/],
    ['settings tz Mars/Olympus', /IANA time zone/],
    ['settings size 11', /1 to 10/],
    ['settings size', /needs a value/],
    ['settings days sometimes', /weekdays, daily or weekly/],
    ['settings colour blue', /unknown setting/],
    ['export pdf', /export takes bibtex/],
    ['!!! ???', /at least one letter/],
  ])('%j', (text, reason) => {
    const cmd = parseCommand(text);
    expect(cmd.kind).toBe('invalid');
    expect(cmd.kind === 'invalid' && cmd.reason).toMatch(reason);
  });

  it('truncates a 10,000-character query at a word boundary and says so', () => {
    const cmd = parseCommand('lora '.repeat(2000));
    expect(cmd).toMatchObject({ kind: 'search', truncated: true });
    expect(cmd.kind === 'search' && cmd.query.length).toBeLessThanOrEqual(256);
    expect(cmd.kind === 'search' && cmd.query.endsWith('lora')).toBe(true);
  });

  it('keeps Unicode, emoji and quotes as a query', () => {
    expect(parseCommand('diffusion 🚀 "für" modèles')).toMatchObject({ kind: 'search', query: 'diffusion 🚀 "für" modèles' });
    expect(parseCommand('🚀🚀')).toMatchObject({ kind: 'invalid' });
  });

  it('treats SQL-looking and boolean-looking text as a plain query', () => {
    expect(parseCommand("lora'; DROP TABLE papers; --")).toMatchObject({ kind: 'search', query: "lora'; DROP TABLE papers; --" });
    expect(parseCommand('lora AND (quantization OR NOT pruning)')).toMatchObject({ kind: 'search' });
  });

  it('strips control characters and survives non-string input', () => {
    expect(parseCommand('lo\u0000ra\u200b')).toMatchObject({ kind: 'search', query: 'lo ra' });
    expect(parseCommand(undefined as unknown as string)).toEqual({ kind: 'help' });
  });
});

describe('planCommand: decided once, before any work', () => {
  it('only channel-changing commands are planned to answer in the channel', () => {
    const seen = (text: string) => planCommand(text).visibility;
    expect(seen('lora')).toBe('private');
    expect(seen('subscribe lora')).toBe('channel');
    expect(seen('unsubscribe lora')).toBe('channel');
    expect(seen('follow category cs.CL')).toBe('channel');
    expect(seen('follow')).toBe('private');
    expect(seen('settings')).toBe('private');
    expect(seen('settings size 3')).toBe('channel');
    expect(seen('bookmarks')).toBe('private');
    expect(seen('digest now')).toBe('private');
  });

  it('carries the parsed command, so an adapter never parses the text again', () => {
    expect(planCommand('subscribe KV Cache').command).toEqual({ kind: 'subscribe', topic: 'KV Cache' });
  });
});
