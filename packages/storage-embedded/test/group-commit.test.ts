import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../src/group-commit.ts';
import { openEmbeddedDatabase } from '../src/index.ts';

describe('groupCommit', () => {
  it('commits writes of one turn together; a failing write is rolled back and rejected alone', async () => {
    const db = openEmbeddedDatabase(':memory:');
    db.exec('CREATE TABLE t (v INTEGER NOT NULL UNIQUE)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const write = groupCommit(db, (v: number) => {
      if (!db.inTransaction) throw new Error('not in a transaction');
      insert.run(v);
      if (v === 3) insert.run(1); // violates UNIQUE after inserting 3: the whole write must roll back
      return v * 10;
    });
    const commits = db.prepare('SELECT COUNT(*) AS n FROM t');

    const results = await Promise.allSettled([1, 2, 3, 4].map((v) => write(v)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))).toEqual([10, 20, 40]);
    expect((db.prepare('SELECT v FROM t ORDER BY v').all() as { v: number }[]).map((r) => r.v)).toEqual([
      1, 2, 4,
    ]);
    expect((commits.get() as { n: number }).n).toBe(3);
    db.close();
  });

  it('shares one transaction between the writers of one database', async () => {
    const { db, other, done } = twoConnections('CREATE TABLE a (v INTEGER); CREATE TABLE b (v INTEGER)');
    const countA = other.prepare('SELECT COUNT(*) AS n FROM a');
    const writeA = groupCommit(db, (v: number) => db.prepare('INSERT INTO a (v) VALUES (?)').run(v).changes);
    // Runs after writeA's insert in the same batch: the other connection cannot see that insert yet.
    const writeB = groupCommit(db, (v: number) => {
      db.prepare('INSERT INTO b (v) VALUES (?)').run(v);
      return (countA.get() as { n: number }).n;
    });
    const [, seenByOther] = await Promise.all([writeA(1), writeB(2)]);
    expect(seenByOther).toBe(0);
    expect((countA.get() as { n: number }).n).toBe(1);
    done();
  });

  it('resolves only once the batch is committed (the data is visible to another connection)', async () => {
    const { db, other, done } = twoConnections('CREATE TABLE t (v INTEGER)');
    const write = groupCommit(db, (v: number) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes);
    await Promise.all([write(1), write(2)]);
    expect((other.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(2);
    done();
  });
});

/** A database file with `schema`, opened twice: the writer, and another connection that sees only commits. */
function twoConnections(schema: string) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-group-'));
  const db = openEmbeddedDatabase(join(dir, 'g.db'));
  db.exec(schema);
  const other = openEmbeddedDatabase(join(dir, 'g.db'));
  return {
    db,
    other,
    done() {
      db.close();
      other.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
