import { closeRedis, createRedis } from '../../jobs/connection.js';
import { createQueues } from '../../jobs/queues.js';
import { formatJobsReport, inProcessJobsReport, redisJobsReport, type JobsReport } from '../../jobs/report.js';
import { configOrExit, openApp, UsageError } from '../open-app.js';

/** `paperbot jobs [--json] [--failures N]`: queue counts, the next run of each schedule, recent failures. */
export async function jobsCommand(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const i = args.indexOf('--failures');
  const failures = i >= 0 ? Number(args[i + 1]) : 10;
  if (!Number.isInteger(failures) || failures < 1 || failures > 1000) throw new UsageError('--failures takes a number from 1 to 1000');
  const config = configOrExit();
  let report: JobsReport;
  if (config.REDIS_URL) {
    const redis = createRedis(config.REDIS_URL, 'client');
    redis.on('error', () => {}); // reported below, once, without the URL (it may hold a password)
    const queues = createQueues(redis, config.QUEUE_PREFIX, { readOnly: true });
    try {
      report = await redisJobsReport(queues, { failures });
    } catch (e) {
      process.stderr.write(`cannot read the queues from Redis: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    } finally {
      await queues.close().catch(() => {});
      await closeRedis(redis);
    }
  } else {
    const app = await openApp({ quiet: true, seed: false, syncIntervalMs: 0 });
    try {
      report = await inProcessJobsReport(app, { failures });
    } finally {
      await app.close();
    }
  }
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatJobsReport(report));
  return 0;
}
