import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReceived } from '@parley/testing/kit';
import type { TestProject } from 'vitest/node';
import { coverageGaps } from './error-coverage.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SUITE = 'apps/gateway/test';

/**
 * Global setup of the main project: the test clients (TestSocket of @parley/testing/kit) record each error reply's
 * name and each close code into a directory made here. After the run, when every gateway test file ran with no name
 * filter, every catalogue error the gateway can return and every close code must have reached a gateway test's
 * client; otherwise the run fails (exit code 1) with the list of what is missing.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-received-'));
  project.provide('receivedRepliesDir', dir);
  return () => {
    try {
      check(project, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function check(project: TestProject, dir: string): void {
  const suiteFiles = readdirSync(join(REPO_ROOT, SUITE)).filter((name) => name.endsWith('.test.ts'));
  const ran = new Set(project.vitest.state.getFiles().map((file) => relative(REPO_ROOT, file.filepath)));
  const wholeSuite = suiteFiles.every((name) => ran.has(`${SUITE}/${name}`));
  if (!wholeSuite || project.config.testNamePattern) return;
  const entries = readReceived(dir).filter((entry) =>
    relative(REPO_ROOT, entry.file).startsWith(`${SUITE}/`),
  );
  const gaps = coverageGaps({
    errors: new Set(entries.flatMap((entry) => (entry.error ? [entry.error] : []))),
    closeCodes: new Set(entries.flatMap((entry) => (entry.close === undefined ? [] : [entry.close]))),
  });
  if (gaps.length === 0) {
    console.log(
      'gateway error coverage: every reachable catalogue error and close code reached a test client',
    );
    return;
  }
  process.exitCode = 1;
  console.error(
    [
      '',
      'FAIL gateway error coverage: what the gateway tests’ clients received falls short',
      ...gaps.map((gap) => `  - ${gap}`),
      '',
    ].join('\n'),
  );
}
