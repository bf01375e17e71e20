import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time: most of the suite's wall time is waiting on child processes, sockets and
    // token expiry (measured on the 2-core CI machine: 11.6 min with the default single worker,
    // 7.7 min with two, same results).
    maxWorkers: 2,
  },
});
