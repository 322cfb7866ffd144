import type { TelemetryCategory } from '@parley/privacy-policy';
import type { TelemetryEvent } from './event-schemas.ts';

export function zeroByCategory(): Record<TelemetryCategory, number> {
  return { log: 0, monitoring: 0 };
}

/**
 * A fixed-capacity FIFO ring buffer of events that DROPS THE OLDEST when full: during an outage the most
 * recent telemetry is the most useful, and the oldest is the closest to its retention limit anyway.
 * Drops are counted per category.
 */
export class BoundedEventBuffer {
  readonly #slots: (TelemetryEvent | undefined)[];
  #head = 0;
  #length = 0;
  readonly dropped = zeroByCategory();

  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError('buffer limit must be a positive integer');
    this.#slots = new Array(limit);
  }

  get length(): number {
    return this.#length;
  }

  /**
   * Appends `event`. `reserved` slots are held elsewhere (a batch in flight) and count against the limit,
   * so the total in memory never exceeds it.
   */
  push(event: TelemetryEvent, reserved = 0): void {
    const capacity = this.limit - reserved;
    while (this.#length > 0 && this.#length >= capacity) this.#dropOldest();
    if (capacity <= 0) {
      this.dropped[event.category] += 1;
      return;
    }
    this.#slots[(this.#head + this.#length) % this.limit] = event;
    this.#length += 1;
  }

  /** Removes and returns up to `max` of the oldest events. */
  take(max: number): TelemetryEvent[] {
    const count = Math.min(max, this.#length);
    const taken: TelemetryEvent[] = new Array(count);
    for (let i = 0; i < count; i += 1) {
      const index = (this.#head + i) % this.limit;
      taken[i] = this.#slots[index] as TelemetryEvent;
      this.#slots[index] = undefined;
    }
    this.#head = (this.#head + count) % this.limit;
    this.#length -= count;
    return taken;
  }

  #dropOldest(): void {
    const event = this.#slots[this.#head];
    if (event) this.dropped[event.category] += 1;
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.limit;
    this.#length -= 1;
  }
}
