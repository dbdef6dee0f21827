// REDIS_URL unset: the same handlers, in this process, on a minute timer. Single machine only:
// two processes like this would each post (the database still stops a second digest for a date,
// but nothing spreads the work). Scale out with Redis and `paperbot worker` instead.
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../src/app.js';
import { getChannelById, subscribedChannels } from '../src/channels/channels.js';
import { deliverDigestMessage, failDigestMessage, type DeliverOutcome } from '../src/digest/deliver.js';
import type { Digest } from '../src/digest/digest.js';
import { getDigest, unfinishedDigests } from '../src/digest/digest-store.js';
import { runsBetween } from '../src/digest/schedule.js';
import { classifyFailure, decideAfterFailure, DELIVERY_RETRY, isFinalAttempt, NoPosterError, type DeliveryDecision, type FinalDecision, type RetryPolicy } from '../src/delivery/policy.js';
import type { Destination } from '../src/delivery/poster.js';
import { digestForRun, ingestsAtStart, isDigestWait, UnrunnableJob, openSlots, runIngest, runSummarize } from './handlers.js';
import type { IngestJobData } from './ingest-job.js';
import { planFollowUps, sendFollowUp, type PaperChange } from '../src/library/follow-ups.js';
import { DEFAULT_PACE_MS } from './pacing.js';
import type { Posters } from './posters.js';
import { channelSchedule, INGEST_SCHEDULES, type IngestSchedule } from './schedules.js';

export interface InProcessOptions {
  posters: Posters;
  /** How often to look for due runs. Default 60 s (cron patterns have minute resolution). */
  tickMs?: number;
  /** At start, runs this far back still count (a restart at 09:05 still posts the 09:00 digest). Default 30 min. */
  catchUpMs?: number;
  /** Gap between two posts to one channel. Default 1.1 s. */
  paceMs?: number;
  /** Channels delivered at once (each channel's messages stay sequential). Default 8. */
  channelConcurrency?: number;
  /** Tries per message and first backoff; default the delivery policy's (src/delivery/policy.ts). */
  retry?: RetryPolicy;
  leaseMs?: number;
  postTimeoutMs?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Start the timer (default true); tests call tick() themselves. */
  autostart?: boolean;
  /** Source fetch schedules (default INGEST_SCHEDULES; tests without a network pass []); a start also fetches the scheduled sources that are behind. */
  ingestSchedules?: IngestSchedule[];
}

export interface TickReport {
  digests: number;
  posted: number;
  failed: number;
  ingests: number;
}

export interface InProcessRunner {
  /** Run everything due since the last tick; resolves when its deliveries are done. */
  tick(): Promise<TickReport>;
  /** LLM summaries for new papers, one batch after another. */
  summarize(ids: string[]): void;
  /** Deliver a digest composed outside the schedule (`/papers digest now`); resolves when it is settled. */
  deliver(digestId: number): Promise<TickReport>;
  /** Post the follow-ups these paper changes call for; resolves with how many were posted. */
  followUps(changes: PaperChange[]): Promise<number>;
  /** Stop the timer, let the message being posted finish, skip the rest (they resume next start). */
  stop(): Promise<void>;
}

/**
 * Messages of one channel never closer than `paceMs`; a 429 pushes that channel's next slot out,
 * a global 429 (Discord) every channel's.
 */
function memoryPacer(paceMs: number) {
  const next = new Map<string, number>();
  let everyone = 0;
  const key = (to: Destination) => `${to.platform}:${to.workspaceId}:${to.channelId}`;
  return {
    async pace(to: Destination): Promise<number> {
      const now = Date.now();
      const at = Math.max(next.get(key(to)) ?? 0, everyone);
      if (at > now) return at - now;
      next.set(key(to), now + paceMs);
      return 0;
    },
    block(to: Destination | 'global', ms: number) {
      if (to === 'global') everyone = Math.max(everyone, Date.now() + ms);
      else next.set(key(to), Math.max(next.get(key(to)) ?? 0, Date.now() + ms));
    },
  };
}

export function startInProcessJobs(app: App, options: InProcessOptions): InProcessRunner {
  const log = app.log.child({ component: 'jobs-in-process' });
  const now = options.now ?? (() => new Date());
  const pacer = memoryPacer(options.paceMs ?? DEFAULT_PACE_MS);
  const stopping = new AbortController();
  const retry = options.retry ?? DELIVERY_RETRY;
  const missingLogged = new Set<string>();
  let lastTick: Date | null = null;
  /** Scheduled runs waiting for arXiv's announcement (channel -> when the run was due). */
  const waiting = new Map<number, Date>();
  let running: Promise<TickReport> | null = null;
  let summaries: Promise<void> = Promise.resolve();
  // Fetching runs beside the digests, never in front of them: a slow source must not make 09:00 late.
  let ingesting: Promise<void> = Promise.resolve();

  const logUnrunnable = (e: unknown) => {
    if (!(e instanceof UnrunnableJob)) return false;
    if (!missingLogged.has(e.message)) log.warn({ reason: e.message }, 'job skipped');
    missingLogged.add(e.message);
    return true;
  };

  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => {});

  /** The delivery policy's answer to failed attempt `attempt`: hold off on a 429 (no attempt spent) or back off. */
  async function afterFailure(to: Destination, e: unknown, attempt: number): Promise<DeliveryDecision> {
    const decision = decideAfterFailure(classifyFailure(e), attempt, retry);
    if (decision.kind === 'rate-limit') {
      pacer.block(decision.scope === 'global' ? 'global' : to, decision.waitMs);
      await pause(decision.waitMs);
    } else if (decision.kind === 'retry') {
      await pause(decision.afterMs);
    }
    return decision;
  }

  /**
   * One message until it is settled: waits, paces, and asks the policy after each failure. True
   * when the message is settled (posted or failed for good), so the next one may go.
   */
  async function deliverOne(digest: Digest, slot: Digest['items'][number]['position'] | 'header', report: TickReport): Promise<boolean> {
    const to = await destinationOf(digest);
    if (!to) return false;
    const poster = options.posters.get(to.platform);
    const failed = async ({ cause, reason }: FinalDecision) => {
      await failDigestMessage({ db: app.db, log }, digest.id, slot, cause, reason); // a no-op when delivery recorded it already
      report.failed++;
      app.metrics.jobs.inc({ queue: 'deliver', outcome: 'failed' });
      return true;
    };
    if (!poster) {
      const decision = await afterFailure(to, new NoPosterError(to.platform), 1);
      return decision.kind === 'final' && failed(decision);
    }
    for (let attempt = 1; !stopping.signal.aborted; ) {
      let out: DeliverOutcome;
      try {
        out = await deliverDigestMessage(
          { db: app.db, poster, log, leaseMs: options.leaseMs, postTimeoutMs: options.postTimeoutMs, pace: (d) => pacer.pace(d) },
          digest.id,
          slot,
          { finalAttempt: isFinalAttempt(attempt, retry) },
        );
      } catch (e) {
        const decision = await afterFailure(to, e, attempt);
        if (decision.kind === 'final') return failed(decision);
        if (decision.kind === 'retry') attempt++;
        continue;
      }
      if (out.kind === 'wait') {
        await pause(out.ms);
        continue;
      }
      if (out.kind === 'posted' || out.kind === 'recovered') report.posted++;
      if (out.kind === 'failed') report.failed++;
      // The same counts the BullMQ workers keep, one "job" per message.
      app.metrics.jobs.inc({ queue: 'deliver', outcome: out.kind === 'failed' ? 'failed' : 'completed' });
      return out.kind !== 'gone';
    }
    return false;
  }

  const channelCache = new Map<number, Destination | null>();
  async function destinationOf(digest: Digest): Promise<Destination | null> {
    if (!channelCache.has(digest.channelId)) {
      const c = await getChannelById(app.db, digest.channelId);
      channelCache.set(digest.channelId, c ? { platform: c.platform, workspaceId: c.workspaceId, channelId: c.channelId } : null);
    }
    return channelCache.get(digest.channelId)!;
  }

  async function deliverDigest(digest: Digest, report: TickReport): Promise<void> {
    for (const slot of openSlots(digest)) {
      // An unsettled message holds the rest back (they thread and order after it); next tick retries.
      if (stopping.signal.aborted || !(await deliverOne(digest, slot, report))) return;
    }
  }

  async function runLimited<T>(items: T[], limit: number, f: (x: T) => Promise<void>): Promise<void> {
    let i = 0;
    const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length && !stopping.signal.aborted) await f(items[i++]);
    });
    await Promise.all(lanes);
  }

  async function tickOnce(): Promise<TickReport> {
    const report: TickReport = { digests: 0, posted: 0, failed: 0, ingests: 0 };
    const to = now();
    const previousTick = lastTick;
    const from = lastTick ?? new Date(to.getTime() - (options.catchUpMs ?? 30 * 60_000));
    lastTick = to;
    channelCache.clear();

    const schedules = options.ingestSchedules ?? INGEST_SCHEDULES;
    const queueIngest = (data: IngestJobData) => {
      report.ingests++;
      ingesting = ingesting.then(() =>
        runIngest(app, data, to).then(
          () => void app.metrics.jobs.inc({ queue: 'ingest', outcome: 'completed' }),
          (e) => {
            app.metrics.jobs.inc({ queue: 'ingest', outcome: 'failed' });
            void (logUnrunnable(e) || log.error({ err: e, source: data.source }, 'ingest failed'));
          },
        ),
      );
    };
    // At start, once: the sources behind (down for days) are fetched now, not at their next run.
    if (!previousTick) for (const s of await ingestsAtStart(app, to, schedules.map((s) => s.data.source))) queueIngest(s.data);
    for (const s of schedules) if (previousTick && runsBetween(s, previousTick, to, 1).length > 0) queueIngest(s.data);

    const due: Array<{ channelId: number; scheduledAt: Date }> = [];
    for (const channel of await subscribedChannels(app.db)) {
      // No Poster, no digest: composing one would only mark its papers as shown.
      if (!options.posters.has(channel.platform)) continue;
      const cron = await channelSchedule(app.db, channel, log);
      const runs = cron ? runsBetween(cron, from, to) : [];
      // After a long pause only the latest run matters: one digest, not a backlog of them.
      if (runs.length) due.push({ channelId: channel.id, scheduledAt: runs[runs.length - 1] });
    }
    // Runs still waiting for arXiv's announcement look again (a newer run of the channel replaces them).
    for (const [channelId, scheduledAt] of waiting) {
      if (!due.some((d) => d.channelId === channelId)) due.push({ channelId, scheduledAt });
    }
    // Digests left open by a crash or a stop: finish them too (their posted messages are skipped).
    const open = new Map<number, Digest>();
    for (const d of await unfinishedDigests(app.db, new Date(to.getTime() - 86_400_000))) open.set(d.id, d);

    await runLimited(due, options.channelConcurrency ?? 8, async ({ channelId, scheduledAt }) => {
      try {
        const run = await digestForRun(app, channelId, { scheduledAt, now: to });
        if (isDigestWait(run)) {
          waiting.set(channelId, scheduledAt);
          return;
        }
        waiting.delete(channelId);
        if (!run) return;
        report.digests++;
        app.metrics.jobs.inc({ queue: 'digest', outcome: 'completed' });
        open.delete(run.digest.id);
        await deliverDigest(run.digest, report);
      } catch (e) {
        log.error({ err: e, channelId }, 'digest failed');
        app.metrics.jobs.inc({ queue: 'digest', outcome: 'failed' });
      }
    });
    await runLimited([...open.values()], options.channelConcurrency ?? 8, (d) => deliverDigest(d, report).catch((err) => log.error({ err, digestId: d.id }, 'digest delivery failed')));
    return report;
  }

  // Work started outside a tick (digest now, follow-ups): stop() waits for it.
  const background = new Set<Promise<unknown>>();
  function track<T>(p: Promise<T>): Promise<T> {
    background.add(p);
    const done = () => void background.delete(p);
    p.then(done, done);
    return p;
  }

  /** Follow-ups one after another, paced per channel; failures go through the policy like digest messages. */
  async function postFollowUps(changes: PaperChange[]): Promise<number> {
    let posted = 0;
    for (const f of await planFollowUps(app.db, changes)) {
      const poster = options.posters.get(f.to.platform);
      for (let attempt = 1; !stopping.signal.aborted; ) {
        const wait = poster ? await pacer.pace(f.to) : 0;
        if (wait > 0) {
          await pause(wait);
          continue;
        }
        try {
          if (!poster) throw new NoPosterError(f.to.platform);
          if ((await sendFollowUp({ db: app.db, poster, log }, f)).kind === 'posted') posted++;
          break;
        } catch (e) {
          const decision = await afterFailure(f.to, e, attempt);
          if (decision.kind === 'final') {
            log.warn({ paperId: f.paperId, kind: f.kind, reason: decision.reason }, 'follow-up not posted');
            break;
          }
          if (decision.kind === 'retry') attempt++;
        }
      }
    }
    return posted;
  }

  function tick(): Promise<TickReport> {
    // Ticks never overlap: a slow one (a big fan-out) makes the next wait; its window covers the gap.
    running = (running ?? Promise.resolve({} as TickReport)).then(tickOnce, tickOnce);
    return running;
  }

  const timer = options.autostart === false ? null : setInterval(() => void tick().catch((err) => log.error({ err }, 'job tick failed')), options.tickMs ?? 60_000);
  timer?.unref();
  if (timer) void tick().catch((err) => log.error({ err }, 'job tick failed'));

  return {
    tick,
    summarize(ids) {
      if (!app.config.llmEnabled || ids.length === 0) return;
      summaries = summaries.then(() =>
        runSummarize(app, { ids }).then(
          () => void app.metrics.jobs.inc({ queue: 'summarize', outcome: 'completed' }),
          (e) => {
            app.metrics.jobs.inc({ queue: 'summarize', outcome: 'failed' });
            void (logUnrunnable(e) || log.error({ err: e }, 'LLM summaries failed'));
          },
        ),
      );
    },
    deliver(digestId) {
      return track(
        (async () => {
          const report: TickReport = { digests: 0, posted: 0, failed: 0, ingests: 0 };
          const digest = await getDigest(app.db, digestId);
          if (digest) await deliverDigest(digest, report);
          return report;
        })(),
      );
    },
    followUps(changes) {
      return track(postFollowUps(changes));
    },
    async stop() {
      if (timer) clearInterval(timer);
      stopping.abort();
      await Promise.allSettled([...background]);
      // A fetch in flight gets a few seconds; it is idempotent, so cutting it short loses nothing.
      await Promise.allSettled([running, summaries, Promise.race([ingesting, sleep(5_000, undefined, { ref: false })])]);
    },
  };
}
