/**
 * The last seq this node saw per conversation, so the common append is a single insert. Bounded: the least
 * recently used conversations are forgotten (a missing hint costs one read), and with `maxAgeMs` a hint older
 * than that is not used. A hint is never above the true last seq, since it only records seqs this node inserted or
 * read, and seqs are never taken back (but see deleteApp, and the group log's deleteConversation).
 */
export class SeqHints {
  readonly #max: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #last = new Map<string, { seq: number; at: number }>();

  constructor(maxEntries: number, maxAgeMs = Number.POSITIVE_INFINITY, now: () => number = Date.now) {
    this.#max = maxEntries;
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
  }

  get(key: string): number | undefined {
    const hint = this.#last.get(key);
    if (hint === undefined) return undefined;
    this.#last.delete(key);
    if (this.#now() - hint.at > this.#maxAgeMs) return undefined;
    this.#last.set(key, hint);
    return hint.seq;
  }

  set(key: string, seq: number): void {
    this.#last.delete(key);
    this.#last.set(key, { seq, at: this.#now() });
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
