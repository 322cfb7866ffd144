/**
 * The last seq this node saw per conversation, so the common append is a single insert. Bounded: the least
 * recently used conversations are forgotten (a missing hint costs one read). A hint is never above the true last
 * seq, since it only records seqs this node inserted or read, and seqs are never taken back (but see deleteApp).
 */
export class SeqHints {
  readonly #max: number;
  readonly #last = new Map<string, number>();

  constructor(maxEntries: number) {
    this.#max = maxEntries;
  }

  get(key: string): number | undefined {
    const value = this.#last.get(key);
    if (value !== undefined) {
      this.#last.delete(key);
      this.#last.set(key, value);
    }
    return value;
  }

  set(key: string, seq: number): void {
    this.#last.delete(key);
    this.#last.set(key, seq);
    if (this.#last.size > this.#max) {
      const oldest = this.#last.keys().next();
      if (!oldest.done) this.#last.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.#last.delete(key);
  }

  /** Forgets every conversation whose key starts with `prefix` (an app's, after its purge). */
  deletePrefix(prefix: string): void {
    for (const key of this.#last.keys()) if (key.startsWith(prefix)) this.#last.delete(key);
  }

  clear(): void {
    this.#last.clear();
  }
}
