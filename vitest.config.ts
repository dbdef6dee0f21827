import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One migrated PGlite dump for the whole run: a fresh in-memory database loads it in <1 s.
    globalSetup: ['./test/helpers/pglite-template.ts'],
    pool: 'forks',
    // Files share a worker's module cache: importing the app and its libraries again for every
    // file was a third of the run. Tests must leave no global state behind (env, spies, timers).
    isolate: false,
    // 2 cores: more workers only fight over them (PGlite is CPU-bound WASM).
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
