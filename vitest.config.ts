import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'load-tests/test/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration suites share real services (one MariaDB, one Redis, one broker); each test isolates by its own
    // database/prefix/topic, so files may run in parallel, but the 2-core machine wants few workers.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
