import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';

interface PendingWrite {
  run: () => unknown;
  resolve: (output: unknown) => void;
  reject: (error: unknown) => void;
}

/** One queue per database: every grouped write of every store on it shares the batch. */
const queues = new WeakMap<EmbeddedDatabase, (write: () => unknown) => Promise<unknown>>();

/**
 * Group commit: writes requested in the same turn of the event loop share one SQLite transaction, so a busy gateway
 * pays the commit (the WAL write of every page the batch touched) once per batch instead of once per write. The
 * queue is shared by all the stores of one database, so a message's insert and the conversation updates of the
 * message before it land in the same commit.
 *
 * The batch runs without a savepoint per write (they cost as much as the writes). When any write of a batch fails,
 * the whole transaction is rolled back and each write is run again in a transaction of its own, so one that fails is
 * rejected alone and the others commit. A write resolves only after its commit.
 */
export function groupCommit<I, O>(db: EmbeddedDatabase, write: (input: I) => O): (input: I) => Promise<O> {
  let enqueue = queues.get(db);
  if (!enqueue) {
    enqueue = createQueue(db);
    queues.set(db, enqueue);
  }
  const submit = enqueue;
  return (input) => submit(() => write(input)) as Promise<O>;
}

function createQueue(db: EmbeddedDatabase): (write: () => unknown) => Promise<unknown> {
  let queue: PendingWrite[] = [];
  const together = db.transaction((items: PendingWrite[]) => items.map((item) => item.run()));
  const alone = db.transaction((item: PendingWrite) => item.run());

  function flush(): void {
    const items = queue;
    queue = [];
    let outputs: unknown[];
    try {
      outputs = together.immediate(items);
    } catch {
      // Rolled back: find the failing writes by running each on its own.
      for (const item of items) sqliteCall(() => alone.immediate(item)).then(item.resolve, item.reject);
      return;
    }
    for (let i = 0; i < items.length; i++) (items[i] as PendingWrite).resolve(outputs[i]);
  }

  return (run) =>
    new Promise<unknown>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ run, resolve, reject });
    });
}
