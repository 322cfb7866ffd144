/** How long the gateway deduplicates a (sender, random) pair. */
const SEND_DEDUP_WINDOW_MS = 5 * 60_000;

/**
 * Picks the `random` of each new message. Randoms are 32-bit, so a client sending thousands of messages within the
 * dedup window would, by the birthday bound, eventually repeat one and have a new message swallowed as a duplicate;
 * remembering the window's randoms rules that out for this client.
 */
export class SendRandoms {
  // Insertion order is time order, so expired entries are always at the front.
  readonly #recent = new Map<number, number>();
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(now: () => number = Date.now, random: () => number = Math.random) {
    this.#now = now;
    this.#random = random;
  }

  next(): number {
    const now = this.#now();
    this.#forgetBefore(now - SEND_DEDUP_WINDOW_MS);
    let value = Math.floor(this.#random() * 0x1_0000_0000);
    while (this.#recent.has(value)) value = Math.floor(this.#random() * 0x1_0000_0000);
    this.#recent.set(value, now);
    return value;
  }

  /** Records a random the app chose itself, so the client never picks it within the window. */
  remember(value: number): void {
    this.#recent.delete(value);
    this.#recent.set(value, this.#now());
  }

  #forgetBefore(cutoff: number): void {
    for (const [value, usedAt] of this.#recent) {
      if (usedAt >= cutoff) return;
      this.#recent.delete(value);
    }
  }
}
