import { InteractionContextType, SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MAX_QUERY_CHARS, MAX_TOPIC_CHARS, parseCommand } from '../../src/commands/parse.js';

/**
 * `/papers` with one subcommand per form of the core grammar. Options only collect values: the
 * text is rebuilt by commandText and parsed by the one grammar in src/commands/parse.ts, so Discord
 * and every other platform answer the same forms with the same checks.
 */
export function papersCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const id = (o: import('discord.js').SlashCommandStringOption) =>
    o.setName('id').setDescription('arXiv id or URL, e.g. 2106.09685').setRequired(true).setMaxLength(100);
  const topic = (o: import('discord.js').SlashCommandStringOption) =>
    o.setName('topic').setDescription('A topic, e.g. speculative decoding').setRequired(true).setMaxLength(MAX_TOPIC_CHARS);
  return new SlashCommandBuilder()
    .setName('papers')
    .setDescription('ML papers from arXiv and Hugging Face: search, digests, bookmarks')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('search')
        .setDescription('Search the paper library')
        .addStringOption((o) => o.setName('query').setDescription('e.g. lora, speculative decoding').setRequired(true).setMaxLength(MAX_QUERY_CHARS)),
    )
    .addSubcommand((s) => s.setName('help').setDescription('What paperbot can do'))
    .addSubcommand((s) => s.setName('paper').setDescription('One paper').addStringOption(id))
    .addSubcommand((s) => s.setName('similar').setDescription('Papers like this one').addStringOption(id))
    .addSubcommand((s) => s.setName('subscribe').setDescription("Add a topic to this channel's daily digest").addStringOption(topic))
    .addSubcommand((s) => s.setName('unsubscribe').setDescription("Remove a topic from this channel's digest").addStringOption(topic))
    .addSubcommand((s) => followOptions(s.setName('follow').setDescription("Follow an author, arXiv category or venue in this channel's digest")))
    .addSubcommand((s) => followOptions(s.setName('unfollow').setDescription('Stop following an author, category or venue')))
    .addSubcommand((s) => s.setName('follows').setDescription('What this channel follows'))
    .addSubcommand((s) => s.setName('less').setDescription("Fewer papers like this one in this channel's digest").addStringOption(id))
    .addSubcommand((s) =>
      s
        .setName('taste')
        .setDescription("What this channel's digest learned from bookmarks and 👎, or reset it")
        .addStringOption((o) => o.setName('action').setDescription('reset: start afresh').addChoices({ name: 'reset', value: 'reset' })),
    )
    .addSubcommand((s) =>
      s
        .setName('digest')
        .setDescription("Post this channel's digest now, or preview the next one")
        .addStringOption((o) => o.setName('mode').setDescription('now (default) or preview').addChoices({ name: 'now', value: 'now' }, { name: 'preview', value: 'preview' })),
    )
    .addSubcommand((s) =>
      s
        .setName('settings')
        .setDescription("Show or change this channel's digest settings")
        .addStringOption((o) => o.setName('time').setDescription('Digest time, HH:MM (24-hour)').setMaxLength(5))
        .addStringOption((o) => o.setName('tz').setDescription('Time zone, e.g. Europe/Berlin').setMaxLength(64))
        .addIntegerOption((o) => o.setName('size').setDescription('Papers per digest').setMinValue(1).setMaxValue(10))
        .addStringOption((o) =>
          o
            .setName('days')
            .setDescription('Which days get a digest')
            .addChoices({ name: 'weekdays', value: 'weekdays' }, { name: 'daily', value: 'daily' }, { name: 'weekly', value: 'weekly' }),
        )
        .addStringOption((o) =>
          o
            .setName('repost')
            .setDescription('When a posted paper may come back')
            .addChoices({ name: 'never', value: 'never' }, { name: 'after 7 days', value: '7' }, { name: 'after 30 days', value: '30' }),
        )
        .addStringOption((o) =>
          o
            .setName('empty')
            .setDescription('On a day with nothing new')
            .addChoices({ name: 'say so', value: 'say' }, { name: 'stay silent', value: 'silent' }),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('bookmarks')
        .setDescription('Your saved papers (or what your team saved most)')
        .addStringOption((o) => o.setName('query').setDescription('Only bookmarks matching this').setMaxLength(MAX_QUERY_CHARS))
        .addStringOption((o) => o.setName('scope').setDescription('Yours (default) or the whole server').addChoices({ name: 'mine', value: 'mine' }, { name: 'team', value: 'team' })),
    )
    .addSubcommand((s) =>
      s
        .setName('export')
        .setDescription('Your bookmarks as a file')
        .addStringOption((o) => o.setName('format').setDescription('File format').setRequired(true).addChoices({ name: 'BibTeX', value: 'bibtex' })),
    )
    .toJSON();
}

function followOptions(s: import('discord.js').SlashCommandSubcommandBuilder) {
  return s
    .addStringOption((o) =>
      o
        .setName('kind')
        .setDescription('What to follow')
        .setRequired(true)
        .addChoices({ name: 'author', value: 'author' }, { name: 'category', value: 'category' }, { name: 'venue', value: 'venue' }),
    )
    .addStringOption((o) => o.setName('name').setDescription('e.g. Tri Dao, cs.CL, ACL').setRequired(true).setMaxLength(100));
}

export type OptionValues = Record<string, string | number | boolean | undefined>;

// Values land in a space-separated grammar: a value must stay one word.
const word = (v: string | number | boolean | undefined) => String(v ?? '').trim().replace(/\s+/g, '_');
const phrase = (v: string | number | boolean | undefined) => String(v ?? '').trim();

/** A search query the grammar reads as a search even when it starts with a command word ("similar tasks"). */
function searchText(query: string): string {
  if (!query) return 'help';
  return parseCommand(query).kind === 'search' ? query : `"${query}"`;
}

/** The `/papers ...` text (after `/papers`) a subcommand and its options stand for. */
export function commandText(subcommand: string, o: OptionValues): string {
  switch (subcommand) {
    case 'search':
      return searchText(phrase(o.query));
    case 'paper':
    case 'similar':
    case 'less':
      return `${subcommand} ${word(o.id)}`;
    case 'subscribe':
    case 'unsubscribe':
      return `${subcommand} ${phrase(o.topic)}`;
    case 'follow':
    case 'unfollow':
      return `${subcommand} ${word(o.kind)} ${phrase(o.name)}`;
    case 'follows':
      return 'follows';
    case 'taste':
      return o.action === 'reset' ? 'taste reset' : 'taste';
    case 'digest':
      return o.mode ? `digest ${word(o.mode)}` : 'digest';
    case 'settings': {
      const keys = ['time', 'tz', 'size', 'days', 'repost', 'empty'] as const;
      return ['settings', ...keys.flatMap((k) => (o[k] === undefined || o[k] === '' ? [] : [k, word(o[k])]))].join(' ');
    }
    case 'bookmarks':
      return ['bookmarks', o.scope === 'team' ? 'team' : '', phrase(o.query)].filter(Boolean).join(' ');
    case 'export':
      return `export ${word(o.format ?? 'bibtex')}`;
    case 'help':
    default:
      return 'help';
  }
}
