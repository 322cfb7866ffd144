import type { OpName } from '@parley/protocol';

/** The ops that read pages of stored data: they take turns across every connection of the process. */
const READ_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'sync',
  'history',
  'conversations',
  'group.sync',
  'group.history',
  'group.members',
  'group.joined',
  'group.receipts',
  'group.readers',
  'group.topic.list',
]);

export function isReadOp(op: OpName): boolean {
  return READ_OPS.has(op);
}

/**
 * Turns for reads, shared by all connections: at most `limit` run at once, and at most one starts per event-loop
 * iteration (each from its own setImmediate), so socket I/O and health checks are served between any two read
 * starts however many are queued. On a synchronous store (SQLite) a read runs whole once started, so reads then
 * alternate with I/O one by one; on a networked store several overlap in their I/O.
 * A connection that closed while its read waited does no work when the turn comes (the work checks for itself).
 */
export class ReadTurns {
  readonly #limit: number;
  #running = 0;
  #scheduled = false;
  readonly #queue: { work: () => Promise<void>; done: () => void }[] = [];
  #head = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Reads waiting for a turn. */
  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  run(work: () => Promise<void>): Promise<void> {
    return new Promise<void>((done) => {
      this.#queue.push({ work, done });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#scheduled || this.#running >= this.#limit || this.waiting === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const next = this.#take();
      if (next) {
        this.#running += 1;
        void next
          .work()
          .catch(() => {})
          .finally(() => {
            this.#running -= 1;
            next.done();
            this.#pump();
          });
      }
      this.#pump();
    });
  }

  #take(): { work: () => Promise<void>; done: () => void } | undefined {
    if (this.#running >= this.#limit) return undefined;
    const next = this.#queue[this.#head];
    if (!next) return undefined;
    this.#queue[this.#head] = undefined as never;
    this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    return next;
  }
}
