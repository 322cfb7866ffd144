import { defineConfig } from 'vitest/config';

const everyTest = [
  'apps/*/test/**/*.test.ts',
  'packages/*/test/**/*.test.ts',
  'load-tests/test/**/*.test.ts',
];
const restartTests = ['**/*.restart.test.ts'];
/** Tests that measure this machine's timing (event-loop latency, a worker keeping up): other files' load would decide. */
const aloneTests = ['**/*.alone.test.ts'];
const gatewayTests = ['apps/gateway/test/**/*.test.ts'];

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
          exclude: ['**/node_modules/**', ...restartTests, ...aloneTests, ...gatewayTests],
          // Integration suites share the real services; each isolates by its own database/prefix/topic.
          // The 2-core machine wants few workers.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          // The gateway on port 0 over in-memory adapters: each file starts its own, so files share the modules
          // of one worker instead of importing them again (most of the suite's time when isolated).
          name: 'gateway',
          include: gatewayTests,
          exclude: ['**/node_modules/**', ...restartTests],
          isolate: false,
          maxWorkers: 2,
          // After the run: every gateway-reachable catalogue error reached a gateway test's client.
          globalSetup: ['apps/gateway/test/support/error-coverage-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // These stop and restart shared services (MariaDB, Redis, FerretDB), or measure timing: alone, one file
          // at a time, last.
          name: 'restart',
          include: [...restartTests, ...aloneTests],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
