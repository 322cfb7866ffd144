import { defineConfig } from 'vitest/config';

const everyTest = [
  'apps/*/test/**/*.test.ts',
  'packages/*/test/**/*.test.ts',
  'load-tests/test/**/*.test.ts',
];
const restartTests = ['**/*.restart.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['packages/testing/src/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: everyTest,
          // After the run: every gateway-reachable catalogue error reached a gateway test's client.
          globalSetup: ['apps/gateway/test/support/error-coverage-setup.ts'],
          exclude: ['**/node_modules/**', ...restartTests],
          // Integration suites share the real services; each isolates by its own database/prefix/topic.
          // The 2-core machine wants few workers.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          // These stop and restart shared services (MariaDB, Redis, FerretDB): alone, one file at a time, last.
          name: 'restart',
          include: restartTests,
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
