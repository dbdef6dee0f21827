/**
 * Work done after an ack: `run` for the CPU and database part (search, building a reply), a few
 * jobs at a time, each starting in its own macrotask; `track` for the rest (sending the answer),
 * which runs freely but is counted so `idle()` can wait for everything.
 *
 * Why hand-written: search is synchronous CPU work (tens of ms on a 100k library). With a plain
 * promise pool (p-limit, p-queue) queued searches run back to back in one turn of the event loop,
 * and the acks of newly arrived requests (Slack wants them within 3 s) wait behind all of them.
 * Starting each job from `setImmediate` lets Node read and ack new requests between jobs.
 */
export interface WorkQueue {
  /** Run CPU/database work: at most `concurrency` at once, each started in a fresh macrotask. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Run work that mostly waits on the network; only counted. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Jobs waiting or running, plus tracked work. */
  size(): number;
  /** Resolves when nothing is waiting, running or tracked. */
  idle(): Promise<void>;
}

export function createWorkQueue(concurrency = 2): WorkQueue {
  let running = 0;
  let tracked = 0;
  const waiting: Array<() => void> = [];
  let idleWaiters: Array<() => void> = [];

  const settle = () => {
    if (running === 0 && tracked === 0 && waiting.length === 0 && idleWaiters.length) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const resolve of w) resolve();
    }
  };
  const pump = () => {
    while (running < concurrency && waiting.length) {
      running++;
      setImmediate(waiting.shift()!);
    }
    settle();
  };

  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          Promise.resolve()
            .then(job)
            .then(resolve, reject)
            .finally(() => {
              running--;
              pump();
            });
        });
        pump();
      });
    },
    track<T>(work: () => Promise<T>): Promise<T> {
      tracked++;
      return Promise.resolve()
        .then(work)
        .finally(() => {
          tracked--;
          settle();
        });
    },
    size: () => running + waiting.length + tracked,
    idle: () => (running + tracked + waiting.length === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
  };
}
