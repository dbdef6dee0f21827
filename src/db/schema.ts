// One PostgreSQL schema for every store (PGlite embedded, PostgreSQL server).
// Change it here, then `npm run db:generate` writes the migration into drizzle/.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { DELIVERY_ERROR_KINDS, DELIVERY_STATES, DIGEST_STATUSES } from './enums.js';

// The delivery state machine's states and kinds (src/delivery/states.ts), as database enums.
export const deliveryState = pgEnum('delivery_state', DELIVERY_STATES);
export const deliveryErrorKind = pgEnum('delivery_error_kind', DELIVERY_ERROR_KINDS);
export const digestStatus = pgEnum('digest_status', DIGEST_STATUSES);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** One row per paper, keyed by the canonical arXiv id without version (or `t-<hash>` of the title). */
export const papers = pgTable(
  'papers',
  {
    id: text('id').primaryKey(),
    version: integer('version'),
    title: text('title').notNull(),
    abstract: text('abstract').notNull(),
    authors: jsonb('authors').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    updatedAt: timestamp('source_updated_at', { withTimezone: true }),
    /** When a source announced it (arXiv listing day, HF featured day); digests pick from these. */
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    primaryCategory: text('primary_category'),
    categories: jsonb('categories').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    comment: text('comment'),
    journalRef: text('journal_ref'),
    doi: text('doi'),
    codeUrl: text('code_url'),
    projectUrl: text('project_url'),
    // null = the sources never said (kept apart from a real 0 so a partial update keeps the old value)
    upvotes: integer('upvotes'),
    stars: integer('stars'),
    hfComments: integer('hf_comments'),
    hfSummary: text('hf_summary'),
    keywords: jsonb('keywords').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    sources: jsonb('sources').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    tldr: text('tldr'),
    keyResult: text('key_result'),
    tldrSource: text('tldr_source'),
    withdrawn: boolean('withdrawn').notNull().default(false),
    createdAt: createdAt(),
    /** Bumped on every write: processes poll it to keep their search index fresh. */
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('papers_changed_at_idx').on(t.changedAt),
    index('papers_announced_at_idx').on(t.announcedAt),
  ],
);

export const paperVersions = pgTable(
  'paper_versions',
  {
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    seenAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.version] })],
);

/** Where a paper was seen: arxiv, hf, import. */
export const paperSources = pgTable(
  'paper_sources',
  {
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    firstSeenAt: createdAt(),
    lastSeenAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.source] })],
);

/** Per source and day: has the day's announcement fully arrived? */
export const sourceDays = pgTable(
  'source_days',
  {
    source: text('source').notNull(),
    day: date('day').notNull(),
    complete: boolean('complete').notNull().default(false),
    announced: boolean('announced').notNull().default(true),
    paperCount: integer('paper_count').notNull().default(0),
    note: text('note'),
    checkedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.source, t.day] })],
);

export const workspaces = pgTable(
  'workspaces',
  {
    platform: text('platform').notNull(),
    id: text('id').notNull(),
    name: text('name'),
    timezone: text('timezone'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.id] })],
);

export const channels = pgTable(
  'channels',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    digestTime: text('digest_time').notNull().default('09:00'),
    timezone: text('timezone'),
    digestSize: integer('digest_size').notNull().default(5),
    digestDays: text('digest_days').notNull().default('weekdays'),
    /** Days a posted paper is kept from coming back; null = forever. */
    repostAfterDays: integer('repost_after_days'),
    /** On a day with nothing good: say so, or stay silent. */
    quietWhenEmpty: boolean('quiet_when_empty').notNull().default(false),
    lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
    /** `/papers taste reset`: bookmarks saved before this no longer teach this channel's taste. */
    tasteResetAt: timestamp('taste_reset_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('channels_platform_channel_uq').on(t.platform, t.workspaceId, t.channelId)],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.topic] })],
);

export const bookmarks = pgTable(
  'bookmarks',
  {
    platform: text('platform').notNull(),
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.workspaceId, t.userId, t.paperId] }),
    index('bookmarks_workspace_idx').on(t.platform, t.workspaceId),
  ],
);

/** A bot message that shows exactly one paper: a reaction on it bookmarks that paper. */
export const postedMessages = pgTable(
  'posted_messages',
  {
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id').notNull(),
    workspaceId: text('workspace_id').notNull(),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    /** Thread the follow-ups go under (Slack thread_ts, Discord message id). */
    threadId: text('thread_id'),
    postedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.channelId, t.messageId] }),
    index('posted_messages_paper_idx').on(t.platform, t.channelId, t.paperId),
  ],
);

/** One digest per channel per date; the unique index is what makes delivery exactly once. */
export const digests = pgTable(
  'digests',
  {
    id: serial('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    status: digestStatus('status').notNull().default('composed'),
    headerText: text('header_text'),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('digests_channel_date_uq').on(t.channelId, t.date)],
);

/** The papers of a digest, in the order they are posted. */
export const digestItems = pgTable(
  'digest_items',
  {
    digestId: integer('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    score: real('score').notNull().default(0),
    reasons: jsonb('reasons').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [primaryKey({ columns: [t.digestId, t.position] })],
);

/**
 * One row per message of a digest: slot 0 is the header, slot n the item at position n. The
 * delivery state machine (src/delivery/states.ts) moves `state`; see src/digest/deliver.ts.
 */
export const digestMessages = pgTable(
  'digest_messages',
  {
    digestId: integer('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    slot: integer('slot').notNull(),
    state: deliveryState('state').notNull().default('pending'),
    messageId: text('message_id'),
    /** The header's: items thread under it (Slack: the header's ts; Discord: its message id). */
    threadId: text('thread_id'),
    attempts: integer('attempts').notNull().default(0),
    /** Why the last attempt did not post, and in the platform's words. */
    errorKind: deliveryErrorKind('error_kind'),
    error: text('error'),
    /** When a worker claimed it for posting (state 'posting'); a stale claim means "possibly posted". */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    postedAt: timestamp('posted_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.digestId, t.slot] }), index('digest_messages_failed_idx').on(t.state, t.claimedAt)],
);

export const slackInstallations = pgTable('slack_installations', {
  /** Enterprise id for org-wide installs, else team id. */
  id: text('id').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  installation: jsonb('installation').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Workspaces an org-wide (Enterprise Grid) installation has served, learned from Slack's own
 * requests: a team id alone does not say which org it belongs to, and a token is only ever used
 * for the team or org it was issued to.
 */
export const slackOrgTeams = pgTable('slack_org_teams', {
  teamId: text('team_id').primaryKey(),
  enterpriseId: text('enterprise_id').notNull(),
  createdAt: createdAt(),
});

/** LLM TL;DRs, keyed by paper and model, so a rerun never pays twice. */
export const llmSummaries = pgTable(
  'llm_summaries',
  {
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    tldr: text('tldr').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.model] })],
);

/** Follow-ups already posted (code link, new version), so each is said once. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('follow_ups_uq').on(t.platform, t.channelId, t.paperId, t.kind, t.key)],
);

/**
 * What a channel follows besides its topics: an author (matched on the authors list, folded), an
 * arXiv category, or a venue (matched on the arXiv comment). `key` is the folded form matched on;
 * `label` is as typed, for replies and why lines.
 */
export const follows = pgTable(
  'follows',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.kind, t.key] })],
);

/**
 * "Less like this" on a paper card: a negative label for the channel's taste, as a bookmark is a
 * positive one. One row per person and paper; `/papers taste reset` deletes the channel's rows.
 */
export const tasteFeedback = pgTable(
  'taste_feedback',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    label: integer('label').notNull().default(-1),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.paperId, t.userId] })],
);

/**
 * Word vectors the semantic search layer learned from the library (src/search/vector-store.ts): one row
 * per learning run, the newest in use, older ones deleted. Values are int8 as base64 text with one
 * scale per word (src/search/vector-codec.ts), so no vector extension is needed.
 */
export const wordVectors = pgTable('word_vectors', {
  id: serial('id').primaryKey(),
  learnedAt: timestamp('learned_at', { withTimezone: true }).notNull().defaultNow(),
  papers: integer('papers').notNull(),
  dims: integer('dims').notNull(),
  terms: jsonb('terms').$type<string[]>().notNull(),
  values: text('values').notNull(),
  scales: text('scales').notNull(),
});
