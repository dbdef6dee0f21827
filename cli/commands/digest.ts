import { parseArgs } from 'node:util';
import type { App } from '../../src/app.js';
import { channelTimezone, channelTopics, digestSubjects, findChannel, getChannelById, type Channel } from '../../src/channels/channels.js';
import { scoreLine } from '../../src/commands/digest-replies.js';
import { composeDigestOnce, digestHeaderText } from '../../src/digest/compose.js';
import { getDigest } from '../../src/digest/digest-store.js';
import { pickForChannel } from '../../src/digest/pick.js';
import { checkDigestReadiness } from '../../src/digest/readiness.js';
import { localDate } from '../../src/digest/schedule.js';
import { openApp, UsageError } from '../open-app.js';

const USAGE = 'usage: paperbot digest CHANNEL [--dry-run]   (CHANNEL: platform:workspace:channel, or the channel row id)';

type ChannelArg = { id: number } | { platform: string; workspaceId: string; channelId: string };

/** `slack:T123:C456` or a channels.id; checked before the database is opened. */
function parseChannelArg(ref: string): ChannelArg {
  if (/^\d+$/.test(ref)) return { id: Number(ref) };
  const parts = ref.split(':');
  if (parts.length !== 3 || parts.some((p) => !p)) throw new UsageError(`"${ref.slice(0, 80)}" is not platform:workspace:channel or a channel id\n${USAGE}`);
  const [platform, workspaceId, channelId] = parts;
  return { platform, workspaceId, channelId };
}

async function resolveChannel(app: App, arg: ChannelArg): Promise<Channel | null> {
  return 'id' in arg ? getChannelById(app.db, arg.id) : findChannel(app.db, arg);
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `paperbot digest CHANNEL [--dry-run]`: compose the channel's digest for today (its zone) and
 * post it through the configured Poster, in this process; `--dry-run` prints the picks with
 * their scores and why lines and stores nothing.
 */
export async function digestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const arg = parseChannelArg(positionals[0]);
  const app = await openApp({ syncIntervalMs: 0, quiet: true });
  try {
    const channel = await resolveChannel(app, arg);
    if (!channel) {
      process.stderr.write(`no channel "${positionals[0].slice(0, 80)}" (it gets a row when someone uses /papers there)\n`);
      return 1;
    }
    const [topics, subjects] = await Promise.all([channelTopics(app.db, channel.id), digestSubjects(app.db, channel.id)]);
    if (subjects.length === 0) {
      process.stderr.write(`channel ${channel.platform}:${channel.workspaceId}:${channel.channelId} follows no topic: /papers subscribe <topic> there first\n`);
      return 1;
    }
    const now = new Date();
    const date = localDate(now, await channelTimezone(app.db, channel));
    const readiness = await checkDigestReadiness(app.db, { now, dueAt: now, noWait: true });
    const note = readiness.kind === 'ready' ? readiness.note : null;

    if (values['dry-run']) {
      const r = await pickForChannel(app, channel, topics, channel.digestSize, { now, composingDate: date });
      out(`${digestHeaderText(date, r.picks.length, subjects, note)}`);
      out(`(dry run: nothing stored or posted; ${r.considered} candidates since ${r.since?.toISOString() ?? 'the start'}; taste: ${r.taste}, ${r.saved} saved papers)`);
      r.picks.forEach((p, i) => {
        out(`${String(i + 1).padStart(2)}. ${p.score.toFixed(3)}  ${p.paper.title}  [${p.paperId}]`);
        out(`      why: ${p.reasons.join('; ')}`);
        out(`      ${scoreLine(p.score, p.parts)}`);
      });
      return 0;
    }

    const { postersFromConfig } = await import('../../jobs/posters.js');
    const posters = await postersFromConfig(app);
    if (!posters.has(channel.platform)) {
      process.stderr.write(`no Poster for platform "${channel.platform}" is configured here (Slack: SLACK_BOT_TOKEN; Discord: DISCORD_TOKEN); try --dry-run\n`);
      return 1;
    }
    const { digest, created } = await composeDigestOnce(app, channel.id, date, { loaded: { channel, topics }, note, now });
    if (!created) out(`today's digest (${date}) was composed before (status ${digest.status}); posting whatever of it is still open`);
    const { startInProcessJobs } = await import('../../jobs/in-process.js');
    const runner = startInProcessJobs(app, { posters, autostart: false, ingestSchedules: [] });
    const report = await runner.deliver(digest.id);
    await runner.stop();
    const after = (await getDigest(app.db, digest.id))!;
    out(`${after.header.text}`);
    out(`  header: ${after.header.state}${after.header.messageId ? ` (message ${after.header.messageId})` : ''}${after.header.error ? `: ${after.header.error}` : ''}`);
    for (const it of after.items) {
      out(`  ${it.position}. ${it.paperId}: ${it.state}${it.messageId ? ` (message ${it.messageId})` : ''}  why: ${it.reasons.join('; ')}${it.error ? `: ${it.error}` : ''}`);
    }
    out(`posted ${report.posted}, failed ${report.failed}; digest ${after.status}`);
    return report.failed > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}
