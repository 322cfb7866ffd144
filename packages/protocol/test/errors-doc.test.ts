import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../../../scripts/render-errors-doc.ts';
import { type ErrorName, errorCatalogue } from '../src/index.ts';

describe('docs/errors.md', () => {
  it('is exactly what scripts/render-errors-doc.ts generates from the catalogue (regenerate: npx tsx scripts/render-errors-doc.ts)', () => {
    expect(readFileSync(ERRORS_DOC_PATH, 'utf8')).toBe(renderErrorsDoc());
  });

  it('has one table row per catalogue entry, in catalogue order, with its code, status, origin and message', () => {
    const rows = tableRows(renderErrorsDoc());
    const expected = (Object.keys(errorCatalogue) as ErrorName[]).map((name) => {
      const { code, http, message } = errorCatalogue[name];
      const origin = code >= 91000 && code <= 91999 ? 'Parley' : 'Tencent';
      return [String(code), `\`${name}\``, String(http), origin, message];
    });
    expect(rows).toEqual(expected);
  });

  it('`render-errors-doc.ts --check` exits 0 while the committed file is current', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/render-errors-doc.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

/** The body rows of the catalogue table, cells trimmed. */
function tableRows(doc: string): string[][] {
  return doc
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}
