// Discord API objects shaped as Discord sends them (API v10), so the real discord.js client can build
// its structures from them. Field names follow https://discord.com/developers/docs.
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A snowflake (18-19 digits) like Discord's: timestamp since 2015, worker/process bits, increment. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH));
}

/** Interaction tokens are long opaque base64 strings; they appear in webhook URLs. */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(72).toString('base64url')}`;
}

/** Every permission bit a typical admin role holds (as Discord serialises permissions: a string). */
export const ALL_PERMISSIONS = '2251799813685247';

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  public_flags: number;
  bot?: boolean;
  avatar_decoration_data: null;
  primary_guild: null;
  clan: null;
}

export function user(username: string, bot = false): FakeUser {
  return {
    id: snowflake(),
    username,
    global_name: bot ? null : username[0].toUpperCase() + username.slice(1),
    discriminator: bot ? '1234' : '0',
    avatar: null,
    public_flags: 0,
    ...(bot && { bot: true }),
    avatar_decoration_data: null,
    primary_guild: null,
    clan: null,
  };
}

export function member(u: FakeUser, permissions?: string) {
  return {
    user: u,
    roles: [],
    nick: null,
    avatar: null,
    banner: null,
    joined_at: new Date(Date.now() - 86_400_000).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
    ...(permissions && { permissions }),
  };
}

export interface FakeChannel {
  id: string;
  guildId: string;
  name: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  channels: FakeChannel[];
}

export function channelObject(c: FakeChannel, position = 0) {
  return {
    id: c.id,
    type: 0, // GUILD_TEXT
    guild_id: c.guildId,
    name: c.name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    icon_emoji: null,
    theme_color: null,
  };
}

export function guildCreate(g: FakeGuild, bot: FakeUser) {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    description: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    owner_id: g.ownerId,
    features: [],
    roles: [
      { id: g.id, name: '@everyone', permissions: '2248473465835073', position: 0, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, managed: false, mentionable: false, icon: null, unicode_emoji: null, flags: 0 },
    ],
    emojis: [],
    stickers: [],
    channels: g.channels.map((c, i) => channelObject(c, i)),
    threads: [],
    members: [member(bot)],
    member_count: 3,
    large: false,
    unavailable: false,
    lazy: true,
    joined_at: new Date(Date.now() - 3_600_000).toISOString(),
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    system_channel_id: g.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    afk_channel_id: null,
    afk_timeout: 300,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    application_id: null,
    incidents_data: null,
    hub_type: null,
    home_header: null,
    latest_onboarding_question_id: null,
    region: 'deprecated',
    version: Date.now(),
  };
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: FakeUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  flags: number;
  type: number;
  webhook_id?: string;
  application_id?: string;
  message_reference?: { type: number; message_id: string; channel_id: string; guild_id?: string };
  allowed_mentions?: unknown;
  nonce?: string;
}

/** A message object as REST returns it and as interactions embed it. */
export function messageObject(m: StoredMessage) {
  return {
    id: m.id,
    type: m.type,
    channel_id: m.channel_id,
    ...(m.guild_id && { guild_id: m.guild_id }),
    author: m.author,
    content: m.content,
    timestamp: snowflakeTime(m.id).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    mention_channels: [],
    attachments: m.attachments,
    embeds: m.embeds,
    components: m.components,
    pinned: false,
    flags: m.flags,
    ...(m.webhook_id && { webhook_id: m.webhook_id }),
    ...(m.application_id && { application_id: m.application_id }),
    ...(m.message_reference && { message_reference: m.message_reference, referenced_message: null }),
  };
}

/** Fields every interaction carries (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object). */
export function interactionBase(o: { appId: string; guild: FakeGuild; channel: FakeChannel; user: FakeUser }) {
  return {
    id: snowflake(),
    application_id: o.appId,
    token: interactionToken(),
    version: 1,
    guild_id: o.guild.id,
    guild: { id: o.guild.id, locale: 'en-US', features: [] },
    channel_id: o.channel.id,
    channel: { ...channelObject(o.channel), permissions: ALL_PERMISSIONS },
    member: member(o.user, ALL_PERMISSIONS),
    app_permissions: ALL_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': o.guild.id },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
}

/** Application command option types: 3 string, 4 integer, 5 boolean. */
export function commandOptions(values: Record<string, string | number | boolean>) {
  return Object.entries(values).map(([name, value]) => ({
    name,
    type: typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3,
    value,
  }));
}
