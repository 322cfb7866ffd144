import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The repository's rule (issue 11): no source file over 300 lines without a one-line reason at its top, a first
 * line `// Over 300 lines: <why it stays one file>`.
 */
const MAX_LINES = 300;
const REASON = /^\/\/ Over 300 lines: \S.{10,}/;
const root = fileURLToPath(new URL('../../..', import.meta.url));

function trackedSources(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  return listed.split('\n').filter((path) => path !== '' && !path.includes('node_modules/'));
}

describe('file length', () => {
  it('every TypeScript file over 300 lines says why on its first line', () => {
    const offenders = trackedSources().flatMap((path) => {
      let text: string;
      try {
        text = readFileSync(`${root}/${path}`, 'utf8');
      } catch {
        return []; // listed by git, deleted in the working tree
      }
      const lines = text.split('\n');
      const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
      return count > MAX_LINES && !REASON.test(lines[0] ?? '') ? [`${path} (${count} lines)`] : [];
    });
    expect(offenders).toEqual([]);
  });
});
