import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPaperbot } from '../helpers/cli.js';
import { jobsTestEnv, makeChannels, REDIS_URL, type JobsTestEnv } from './helpers.js';

const paperbot = (args: string[], env: Record<string, string>) => runPaperbot(args, { REDIS_URL: '', ...env });

let env: JobsTestEnv;
beforeAll(async () => {
  env = await jobsTestEnv('cli', { seed: false });
});
afterAll(async () => {
  await env?.close();
});

describe('paperbot worker / jobs', () => {
  it('worker refuses to start without REDIS_URL and says what to do instead', async () => {
    const r = await paperbot(['worker'], { DATABASE_URL: env.databaseUrl });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/paperbot worker needs REDIS_URL/);
    expect(r.stderr).toMatch(/paperbot start` runs the jobs/);
  });

  it('jobs without Redis shows each channel\'s next digest run from the database', async () => {
    const [c] = await makeChannels(env.app, 1, { workspace: 'W-cli', topics: ['lora'], settings: { time: '09:00', timezone: 'Europe/Berlin', days: 'daily' } });
    const r = await paperbot(['jobs'], { DATABASE_URL: env.databaseUrl });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/REDIS_URL unset/);
    expect(r.stdout).toMatch(new RegExp(`digest:${c.id} \\(fake ${c.channelId}\\)\\s+0 9 \\* \\* \\* Europe/Berlin\\s+next \\d{4}-\\d\\d-\\d\\dT0[78]:00:00.000Z`));
    expect(r.stdout).toMatch(/ingest:arxiv/);
  });

  it('jobs --json with Redis reports every queue', async () => {
    const r = await paperbot(['jobs', '--json'], { DATABASE_URL: env.databaseUrl, REDIS_URL });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { mode: string; counts: Record<string, Record<string, number>> };
    expect(report.mode).toBe('redis');
    expect(Object.keys(report.counts).sort()).toEqual(['deliver', 'digest', 'ingest', 'summarize']);
    expect(typeof report.counts.deliver.failed).toBe('number');
  });

  it('jobs rejects a bad flag value', async () => {
    const r = await paperbot(['jobs', '--failures', 'lots'], { DATABASE_URL: env.databaseUrl });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--failures takes a number/);
  });
});
