import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../adapters/slack/work-queue.js';

describe('createWorkQueue', () => {
  it('runs at most `concurrency` jobs at once, all of them, and reports idle', async () => {
    const q = createWorkQueue(2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const jobs = Array.from({ length: 7 }, (_, i) =>
      q.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        done.push(i);
        return i * 10;
      }),
    );
    expect(q.size()).toBe(7);
    expect(await Promise.all(jobs)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    await q.idle();
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(q.size()).toBe(0);
  });

  it('lets I/O in between jobs: a timer queued behind CPU-bound jobs runs before the last of them', async () => {
    const q = createWorkQueue(1);
    const order: string[] = [];
    const busy = (name: string) => async () => {
      const end = Date.now() + 5;
      while (Date.now() < end) {
        // CPU-bound, like a synchronous search
      }
      order.push(name);
    };
    const all = [q.run(busy('a')), q.run(busy('b')), q.run(busy('c'))];
    setTimeout(() => order.push('timer'), 0);
    await Promise.all(all);
    expect(order.indexOf('timer')).toBeLessThan(order.indexOf('c'));
  });

  it('a failing job rejects its caller only', async () => {
    const q = createWorkQueue(1);
    const bad = q.run(async () => {
      throw new Error('boom');
    });
    const good = q.run(async () => 'ok');
    await expect(bad).rejects.toThrow('boom');
    expect(await good).toBe('ok');
  });
});
