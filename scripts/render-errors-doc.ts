/**
 * Renders docs/errors.md from the error catalogue (packages/protocol/src/error-catalogue.ts).
 *   npx tsx scripts/render-errors-doc.ts          writes the file
 *   npx tsx scripts/render-errors-doc.ts --check  exits 1 when the committed file differs
 * packages/protocol/test/errors-doc.test.ts runs the same comparison, so docs and catalogue cannot disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ErrorName, errorCatalogue } from '@parley/protocol';

export const ERRORS_DOC_PATH = fileURLToPath(new URL('../docs/errors.md', import.meta.url));

/** Parley's own codes; every other code is the one Tencent Chat gives for the same situation. */
const PARLEY_RANGE = { min: 91000, max: 91999 } as const;

export function isParleyCode(code: number): boolean {
  return code >= PARLEY_RANGE.min && code <= PARLEY_RANGE.max;
}

function cell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
}

interface Column {
  title: string;
  align: 'left' | 'right';
}

/** A markdown table padded the way the repository's formatter (biome) lays it out, so lint stays clean. */
function table(columns: readonly Column[], rows: readonly string[][]): string[] {
  const widths = columns.map((column, index) =>
    Math.max(3, column.title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const pad = (text: string, index: number) => {
    const width = widths[index] ?? 0;
    return columns[index]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = columns.map((column, index) => {
    const width = widths[index] ?? 0;
    return column.align === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width);
  });
  return [line(columns.map((column) => column.title)), `| ${rule.join(' | ')} |`, ...rows.map(line)];
}

function catalogueTable(): string[] {
  const rows = (Object.keys(errorCatalogue) as ErrorName[]).map((name) => {
    const { code, http, message } = errorCatalogue[name];
    return [
      String(code),
      `\`${name}\``,
      String(http),
      isParleyCode(code) ? 'Parley' : 'Tencent',
      cell(message),
    ];
  });
  return table(
    [
      { title: 'Code', align: 'right' },
      { title: 'Name', align: 'left' },
      { title: 'HTTP', align: 'right' },
      { title: 'Origin', align: 'left' },
      { title: 'Message', align: 'left' },
    ],
    rows,
  );
}

export function renderErrorsDoc(): string {
  const lines = [
    '<!-- Generated from packages/protocol/src/error-catalogue.ts by `npx tsx scripts/render-errors-doc.ts`.',
    '     Do not edit by hand: a test fails when this file differs from the catalogue. -->',
    '',
    '# Errors',
    '',
    'Every error Parley returns, from the admin REST API and from the chat gateway, comes from one catalogue:',
    '`packages/protocol/src/error-catalogue.ts`, thrown as `ParleyError` (`@parley/protocol`). Anything else',
    'thrown inside Parley is reported as `INTERNAL` (its cause is logged, never returned).',
    '',
    '## Shape',
    '',
    'REST: the HTTP status is the **HTTP** column below and the body is',
    '',
    '```json',
    '{',
    '  "error": {',
    '    "code": 91060,',
    '    "name": "CONFIG_INVALID",',
    '    "message": "The configuration is invalid.",',
    '    "fields": [{ "path": "messaging.recallLimitSeconds", "message": "Too small: expected number to be >=0" }]',
    '  }',
    '}',
    '```',
    '',
    'WebSocket: a failed request is answered with `{ "id": "<request id>", "ok": false, "error": { … } }`, the same',
    '`error` object; the **HTTP** column does not apply there.',
    '',
    '- `code`: the number to match on. It is Tencent Chat’s code where Tencent has one for the same situation',
    `  (origin **Tencent**); Parley’s own situations use ${PARLEY_RANGE.min}–${PARLEY_RANGE.max}, a range Tencent does not assign`,
    '  (origin **Parley**). When an app’s before-send callback rejects a message with its own code (Tencent allows',
    '  120001–130000), that code replaces `code`; `name` stays.',
    '- `name`: the catalogue name, stable across versions.',
    '- `message`: the catalogue message, sometimes followed by a detail. For people, not for matching.',
    '- `fields`: with `CONFIG_INVALID` and `INVALID_REQUEST`, one entry per bad field (`path` uses dots).',
    '',
    '## Catalogue',
    '',
    ...catalogueTable(),
    '',
  ];
  return lines.join('\n');
}

function main(argv: readonly string[]): number {
  const rendered = renderErrorsDoc();
  if (argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(ERRORS_DOC_PATH, 'utf8');
    } catch {
      // A missing file differs like any other.
    }
    if (committed === rendered) return 0;
    console.error(`${ERRORS_DOC_PATH} is out of date: run npx tsx scripts/render-errors-doc.ts`);
    return 1;
  }
  writeFileSync(ERRORS_DOC_PATH, rendered);
  console.log(`wrote ${ERRORS_DOC_PATH}`);
  return 0;
}

// Runs only as a script, so the test can import renderErrorsDoc without writing anything.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
