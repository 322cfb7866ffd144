import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, startWalCheckpointer } from '../src/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function walSizeAfterWrites(withCheckpointer: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-wal-'));
  dirs.push(dir);
  const path = join(dir, 'parley.db');
  const db = openEmbeddedDatabase(path);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const checkpointer = withCheckpointer ? startWalCheckpointer(db, path, 20) : undefined;
  if (!withCheckpointer) db.pragma('wal_autocheckpoint = 0');
  const insert = db.prepare('INSERT INTO filler (payload) VALUES (?)');
  const payload = 'x'.repeat(4000);
  for (let round = 0; round < 20; round += 1) {
    for (let i = 0; i < 50; i += 1) insert.run(payload);
    // Let the worker run between bursts, as it would between requests.
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  const size = statSync(`${path}-wal`).size;
  const rows = db.prepare('SELECT COUNT(*) AS n FROM filler').get() as { n: number };
  expect(rows.n).toBe(1000);
  await checkpointer?.stop();
  db.close();
  return size;
}

describe('WAL checkpointer (checkpoints off the event loop)', () => {
  it('keeps the WAL from growing while automatic checkpoints are off, and every row stays', async () => {
    const unbounded = await walSizeAfterWrites(false);
    const checkpointed = await walSizeAfterWrites(true);
    expect(unbounded).toBeGreaterThan(4_000_000);
    expect(checkpointed).toBeLessThan(unbounded / 2);
  });

  it('reopens with every row after stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-wal-'));
    dirs.push(dir);
    const path = join(dir, 'parley.db');
    const db = openEmbeddedDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, 10);
    db.exec('CREATE TABLE t (v INTEGER)');
    for (let i = 0; i < 100; i += 1) db.prepare('INSERT INTO t VALUES (?)').run(i);
    await checkpointer.stop();
    db.close();
    const again = openEmbeddedDatabase(path);
    expect((again.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(100);
    again.close();
  });
});
