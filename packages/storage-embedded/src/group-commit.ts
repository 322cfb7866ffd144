import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';

/**
 * Group commit: writes requested in the same turn of the event loop share one SQLite transaction, so a busy gateway
 * pays the commit (the WAL write) once per batch instead of once per message. Each write runs in its own savepoint:
 * one that fails is rolled back and rejected alone; the others commit. A write resolves only after the commit.
 */
export function groupCommit<I, O>(db: EmbeddedDatabase, write: (input: I) => O): (input: I) => Promise<O> {
  type Pending = { input: I; resolve: (output: O) => void; reject: (error: unknown) => void };
  let queue: Pending[] = [];
  const one = db.transaction(write);
  const batch = db.transaction((items: Pending[]) =>
    items.map((item) => {
      try {
        // Nested better-sqlite3 transactions are savepoints.
        return { item, ok: true as const, output: one(item.input) };
      } catch (error) {
        return { item, ok: false as const, error };
      }
    }),
  );

  function flush(): void {
    const items = queue;
    queue = [];
    sqliteCall(() => batch.immediate(items)).then(
      (results) => {
        for (const result of results) {
          if (result.ok) result.item.resolve(result.output);
          else result.item.reject(result.error);
        }
      },
      (error: unknown) => {
        for (const item of items) item.reject(error);
      },
    );
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ input, resolve, reject });
    });
}
