import type { EventEmitter } from 'node:events';
import { channelTimezone, channelTopics, digestSubjects, findChannel, type Channel } from '../channels/channels.js';
import type { Db } from '../db/database.js';
import { composeDigestOnce } from '../digest/compose.js';
import type { Digest } from '../digest/digest.js';
import { findDigest } from '../digest/digest-store.js';
import { pickForChannel, type PickDeps, type PickResult } from '../digest/pick.js';
import { checkDigestReadiness } from '../digest/readiness.js';
import { digestSchedule, localDate, nextRun } from '../digest/schedule.js';
import { WEIGHTS, type ScoreParts } from '../digest/score.js';
import type { AppEvents } from '../events.js';
import { toCard } from '../reply/cards.js';
import type { CommandContext } from './command.js';
import { textReply, type Reply } from '../reply/reply.js';

/** Digest replies pick papers, and hand a composed digest to whoever delivers (the jobs layer). */
export interface DigestReplyDeps extends PickDeps {
  events: Pick<EventEmitter<AppEvents>, 'emit' | 'listenerCount'>;
}

const NO_TOPICS = 'This channel has no digest yet: subscribe it to a topic with `/papers subscribe <topic>`.';
const PART_ORDER: Array<keyof ScoreParts> = ['relevance', 'taste', 'popularity', 'freshness', 'code'];

/** "score 0.71 = relevance 0.50 + taste 0.06 + freshness 0.10 + code 0.05": what the score is made of. */
export function scoreLine(score: number, parts: ScoreParts): string {
  // Taste may be negative ("less like this"): shown as "- taste 0.10".
  const shown = PART_ORDER.map((k) => [k, WEIGHTS[k] * parts[k]] as const).filter(([, v]) => Math.abs(v) >= 0.005);
  const sum = shown.map(([k, v], i) => `${v < 0 ? (i ? ' - ' : '-') : i ? ' + ' : ''}${k} ${Math.abs(v).toFixed(2)}`).join('');
  return `score ${score.toFixed(2)}${sum ? ` = ${sum}` : ''}`;
}

/** The channel, its topics and everything its digest is on (topics and follows), when it has a digest. */
async function subscribed(db: Db, ctx: CommandContext): Promise<{ channel: Channel; topics: string[]; subjects: string[] } | null> {
  const channel = await findChannel(db, ctx);
  if (!channel) return null;
  const [topics, subjects] = await Promise.all([channelTopics(db, channel.id), digestSubjects(db, channel.id)]);
  return subjects.length ? { channel, topics, subjects } : null;
}

/** The picks as cards, each why line ending with its score parts. */
function previewCards(result: PickResult) {
  return result.picks.map((p) => toCard(p.paper, [...p.reasons, scoreLine(p.score, p.parts)]));
}

/**
 * `/papers digest preview`: what the channel's next digest would contain right now, with scores,
 * to the asker only. Nothing is stored: the real digest picks again when it runs.
 */
export async function digestPreviewReply(deps: PickDeps, ctx: CommandContext, now = new Date()): Promise<Reply> {
  const sub = await subscribed(deps.db, ctx);
  if (!sub) return textReply(NO_TOPICS);
  const { channel, topics, subjects } = sub;
  const tz = await channelTimezone(deps.db, channel);
  const next = nextRun(digestSchedule({ time: channel.digestTime, days: channel.digestDays, timezone: tz }), now);
  const date = localDate(next, tz);
  const when = `${date} ${channel.digestTime} ${tz}`;
  const result = await pickForChannel(deps, channel, topics, channel.digestSize, { now, composingDate: date });
  const on = subjects.join(', ');
  if (result.picks.length === 0) {
    const silent = channel.quietWhenEmpty ? ' (this channel stays silent on empty days)' : '';
    return textReply(`Preview of your next digest (${when}): nothing new on ${on} so far${silent}. Only you can see this.`);
  }
  const taste = result.saved ? `; taste from ${result.saved} paper${result.saved === 1 ? '' : 's'} your team saved` : '';
  return {
    text: `Preview of your next digest (${when}): ${result.picks.length} of ${result.considered} candidates on ${on}${taste}. Only you can see this; nothing is posted or stored.`,
    cards: previewCards(result),
    actions: [],
    visibility: 'private',
  };
}

function alreadyReply(d: Digest, on: string): Reply {
  if (d.status === 'empty') return textReply(`Today's digest already ran: nothing new on ${on} (this channel stays silent on empty days).`);
  if (d.status === 'composed') return textReply("Today's digest is being posted here right now.");
  return textReply("Today's digest was already posted here.");
}

/**
 * `/papers digest now`: compose today's digest (the channel's date in its zone) and have the jobs
 * layer deliver it (`digestComposed`). One digest per channel per date, so asking twice, or
 * asking before the scheduled run, never posts twice.
 */
export async function digestNowReply(deps: DigestReplyDeps, ctx: CommandContext, now = new Date()): Promise<Reply> {
  const sub = await subscribed(deps.db, ctx);
  if (!sub) return textReply(NO_TOPICS);
  const { channel, topics, subjects } = sub;
  const on = subjects.join(', ');
  const date = localDate(now, await channelTimezone(deps.db, channel));
  const existing = await findDigest(deps.db, channel.id, date);
  if (existing) return alreadyReply(existing, on);

  if (deps.events.listenerCount('digestComposed') === 0) {
    // Nothing in this process posts digests (the console chat): show it here instead, unstored.
    const result = await pickForChannel(deps, channel, topics, channel.digestSize, { now, composingDate: date });
    if (result.picks.length === 0) return textReply(`Nothing new on ${on} today.`, 'channel');
    return {
      text: `Today's digest: ${result.picks.length} paper${result.picks.length === 1 ? '' : 's'} on ${on} (shown here; no job runner in this process posts digests)`,
      cards: previewCards(result),
      actions: [],
      visibility: 'channel',
      layout: 'thread',
    };
  }

  // Asked for now: no waiting for arXiv, but the header says when it has not announced yet.
  const readiness = await checkDigestReadiness(deps.db, { now, dueAt: now, noWait: true });
  const note = readiness.kind === 'ready' ? readiness.note : null;
  const { digest, created } = await composeDigestOnce(deps, channel.id, date, { loaded: { channel, topics }, note, now });
  if (!created) return alreadyReply(digest, on);
  if (digest.status === 'empty') {
    return textReply(`Nothing new on ${on} today; this channel stays silent on empty days, so nothing was posted.`);
  }
  deps.events.emit('digestComposed', digest.id);
  const n = digest.items.length;
  if (n === 0) return textReply(`Posting today's digest here: nothing new on ${on} today.`);
  return textReply(`Posting today's digest (${n} paper${n === 1 ? '' : 's'}) here.`);
}
