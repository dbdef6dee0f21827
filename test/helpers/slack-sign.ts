// Requests signed the way Slack signs them: v0=HMAC-SHA256(signing secret, `v0:${ts}:${raw body}`).
import { createHmac, randomBytes } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a bad signature). */
  secret?: string;
  /** Send this signature verbatim. */
  signature?: string;
}

export type SlackRequestKind = 'form' | 'json';

/** POST a signed body to the app; resolves with the HTTP status and text. */
export async function postSigned(
  url: string,
  secret: string,
  rawBody: string,
  kind: SlackRequestKind,
  opts: SignOptions = {},
): Promise<{ status: number; text: string }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? slackSignature(opts.secret ?? secret, ts, rawBody),
    },
    body: rawBody,
  });
  return { status: res.status, text: await res.text() };
}

export interface Who {
  teamId: string;
  userId: string;
  channelId: string;
  enterpriseId?: string;
}

let seq = 0;
export const uniqueId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++seq).toString(36)}${randomBytes(2).toString('hex')}`;

/** A slash command body as Slack sends it (form-encoded). */
export function commandBody(who: Who, text: string, responseUrl: string, opts: { command?: string; enterpriseInstall?: boolean } = {}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: who.teamId,
    team_domain: 'fake',
    ...(who.enterpriseId ? { enterprise_id: who.enterpriseId } : {}),
    channel_id: who.channelId,
    channel_name: 'general',
    user_id: who.userId,
    user_name: 'someone',
    command: opts.command ?? '/papers',
    text,
    api_app_id: 'A1',
    is_enterprise_install: opts.enterpriseInstall ? 'true' : 'false',
    response_url: responseUrl,
    trigger_id: uniqueId('trig'),
  }).toString();
}

/** A block_actions button press (form-encoded `payload=`). */
export function buttonBody(
  who: Who,
  action: { actionId: string; value: string },
  responseUrl: string | null,
  container: Record<string, unknown> = { type: 'message', message_ts: '1700000000.000001', channel_id: who.channelId, is_ephemeral: true },
): string {
  const fromView = container.type === 'view';
  const payload = {
    type: 'block_actions',
    user: { id: who.userId, username: 'someone', name: 'someone', team_id: who.teamId },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container,
    trigger_id: uniqueId('trig'),
    team: { id: who.teamId, domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    ...(fromView ? { view: { id: 'V1', type: 'home', team_id: who.teamId } } : { channel: { id: who.channelId, name: 'general' } }),
    ...(responseUrl ? { response_url: responseUrl } : {}),
    actions: [
      {
        action_id: action.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: action.value,
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback (JSON). */
export function eventBody(teamId: string, event: Record<string, unknown>, botUserId = 'UBOT'): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A1',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: uniqueId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

export function reactionEvent(added: boolean, r: { user: string; reaction: string; channel: string; ts: string; itemUser?: string }) {
  return {
    type: added ? 'reaction_added' : 'reaction_removed',
    user: r.user,
    reaction: r.reaction,
    item_user: r.itemUser ?? 'UBOT',
    item: { type: 'message', channel: r.channel, ts: r.ts },
  };
}
