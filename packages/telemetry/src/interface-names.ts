import { INTERFACE_NAME_PATTERN } from './event-schemas.ts';

/** Recorded for a name that is not a valid interface name (a raw URL, a query string, too long…). */
export const INVALID_INTERFACE = '_invalid';
/** Recorded for new names once `maxInterfaces` distinct names have been seen. */
export const OTHER_INTERFACE = '_other';

/**
 * Caps the cardinality of interface names. Callers pass names from a bounded set, but a bug that passes a
 * raw path (`/users/alice`) must neither grow the aggregation maps without bound nor spread user data into
 * telemetry: past the cap, new names are folded into OTHER_INTERFACE.
 */
export class InterfaceNames {
  readonly #known = new Set<string>();
  readonly #max: number;
  #folded = 0;

  constructor(maxInterfaces: number) {
    this.#max = maxInterfaces;
  }

  resolve(name: unknown): string {
    if (typeof name !== 'string') return INVALID_INTERFACE;
    if (this.#known.has(name)) return name;
    if (!INTERFACE_NAME_PATTERN.test(name)) return INVALID_INTERFACE;
    if (this.#known.size >= this.#max) {
      this.#folded += 1;
      return OTHER_INTERFACE;
    }
    this.#known.add(name);
    return name;
  }

  /** How many calls had their interface folded into OTHER_INTERFACE. */
  get folded(): number {
    return this.#folded;
  }
}
