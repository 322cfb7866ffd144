import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestParley } from '@parley/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'parley-data-dir-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the data dir', () => {
  it('created by Parley: 0700, and every file in it 0600 (SQLite -wal and -shm included), whatever the umask', async () => {
    const dataDir = join(root, 'not-yet', 'data');
    const lines: string[] = [];
    const parley = await startTestParley(
      {},
      { dataDir, logDestination: { write: (line: string) => void lines.push(line) } },
    );
    try {
      await parley.createApp();
      expect(modeOf(dataDir).toString(8)).toBe('700');
      const files = readdirSync(dataDir);
      expect(files).toEqual(
        expect.arrayContaining(['parley.db', 'parley.db-wal', 'parley.db-shm', 'master.key']),
      );
      for (const file of files) expect(modeOf(join(dataDir, file)).toString(8), file).toBe('600');
    } finally {
      await parley.close();
    }
    expect(lines.filter((line) => line.includes('readable by group or others'))).toEqual([]);
  });

  it('an existing dir or file open to group or others: one warning each at start, naming the fix', async () => {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'parley.db'), '');
    chmodSync(join(dataDir, 'parley.db'), 0o644);
    const lines: { level: number; msg: string; path?: string; fix?: string }[] = [];
    const parley = await startTestParley(
      { PARLEY_LOG_LEVEL: 'warn' },
      { dataDir, logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) } },
    );
    await parley.close();
    const warnings = lines.filter(
      (line) => line.level === 40 && line.msg.includes('readable by group or others'),
    );
    expect(warnings.map((line) => line.fix)).toEqual([
      `chmod 700 ${dataDir}`,
      `chmod 600 ${join(dataDir, 'parley.db')}`,
    ]);
  });
});
