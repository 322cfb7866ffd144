import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closeCodes, kickReasons, opNames, pushNames } from '../src/index.ts';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

/** The text of one `## Title` section, up to the next `## `. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/protocol.md has no "## ${title}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The cells of each row of the first table in `text`, header and divider skipped. */
function tableRows(text: string): string[][] {
  const lines = text.split('\n').filter((line) => line.startsWith('|'));
  return lines.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim()),
  );
}

describe('docs/protocol.md is tied to the protocol package', () => {
  it('documents every op under ## Ops (login under ## Login), and no op that does not exist', () => {
    const documented = [...section('Ops').matchAll(/^### `([^`]+)`$/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(opNames.filter((op) => op !== 'login').sort());
    expect(section('Login')).toContain('"op": "login"');
  });

  it('lists every push in the Pushes table, and only those', () => {
    const pushes = tableRows(section('Pushes')).map((cells) => cells[0]?.replaceAll('`', ''));
    expect(pushes.sort()).toEqual([...pushNames].sort());
  });

  it('gives each kick reason with the close code it ends with', () => {
    const kicked =
      tableRows(section('Pushes'))
        .find((cells) => cells[0] === '`kicked`')
        ?.join(' ') ?? '';
    for (const [reason, { closeCode }] of Object.entries(kickReasons)) {
      expect(kicked).toContain(`\`${reason}\``);
      expect(kicked).toMatch(new RegExp(`\`${reason}\` \\([^)]*close ${closeCodes[closeCode].code}\\)`));
    }
  });

  it('lists every close code with its number, name and reason text, and only those', () => {
    const rows = tableRows(section('Close codes')).map(([code, name, reason]) => [
      Number(code),
      name?.replaceAll('`', ''),
      reason?.replaceAll('`', ''),
    ]);
    const expected = Object.entries(closeCodes).map(([name, { code, reason }]) => [
      code,
      name,
      // 1009 is sent by the ws library, with its own reason text.
      name === 'FRAME_TOO_LARGE' ? '(by the WebSocket layer)' : reason,
    ]);
    expect(rows).toEqual(expected);
  });
});
