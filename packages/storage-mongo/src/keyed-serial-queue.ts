/**
 * Runs tasks one at a time per key, in call order; different keys run concurrently. Used so one node sends at
 * most one seq-allocating insert per conversation at a time: concurrent appends on the same node then never
 * collide with each other, only with other nodes.
 */
export class KeyedSerialQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    // Forget idle keys, so the map holds only conversations with work in flight.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
