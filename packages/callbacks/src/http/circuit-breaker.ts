export interface CircuitBreakerOptions {
  /** Consecutive failures (errors, timeouts, bad replies) that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before letting one probe through. */
  coolDownMs: number;
  now: () => number;
  /** Told of every transition, for the log. */
  onChange?: (key: number, state: CircuitState) => void;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export const DEFAULT_CIRCUIT_BREAKER = { failureThreshold: 5, coolDownMs: 30_000 } as const;

interface Circuit {
  state: CircuitState;
  failures: number;
  openedAt: number;
  probing: boolean;
}

export type CircuitPermit = { allowed: true } | { allowed: false; retryAt: number };

/**
 * One circuit per app, so a dead callback server costs its own app the failure policy and nothing more:
 * while open no request is made (before-send applies the policy at once, after-events wait in the queue);
 * after the cool-down one probe goes through, and its result closes or reopens the circuit.
 */
export class CircuitBreaker {
  readonly #options: CircuitBreakerOptions;
  readonly #circuits = new Map<number, Circuit>();

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
  }

  /** Asks to make a call; when allowed, the caller must report `succeeded` or `failed` exactly once. */
  permit(key: number): CircuitPermit {
    const circuit = this.#circuits.get(key);
    if (!circuit || circuit.state === 'closed') return { allowed: true };
    const retryAt = circuit.openedAt + this.#options.coolDownMs;
    if (circuit.state === 'open') {
      if (this.#options.now() < retryAt) return { allowed: false, retryAt };
      this.#set(key, circuit, 'half-open');
    }
    // Half-open: one probe at a time.
    if (circuit.probing) return { allowed: false, retryAt: this.#options.now() + this.#options.coolDownMs };
    circuit.probing = true;
    return { allowed: true };
  }

  succeeded(key: number): void {
    const circuit = this.#circuits.get(key);
    if (!circuit) return;
    circuit.failures = 0;
    circuit.probing = false;
    if (circuit.state !== 'closed') this.#set(key, circuit, 'closed');
  }

  failed(key: number): void {
    let circuit = this.#circuits.get(key);
    if (!circuit) {
      circuit = { state: 'closed', failures: 0, openedAt: 0, probing: false };
      this.#circuits.set(key, circuit);
    }
    circuit.failures += 1;
    circuit.probing = false;
    if (circuit.state === 'half-open' || circuit.failures >= this.#options.failureThreshold) {
      circuit.openedAt = this.#options.now();
      if (circuit.state !== 'open') this.#set(key, circuit, 'open');
    }
  }

  state(key: number): CircuitState {
    return this.#circuits.get(key)?.state ?? 'closed';
  }

  /** Forgets an app's circuit (its URL changed: another server deserves a fresh start). */
  reset(key: number): void {
    this.#circuits.delete(key);
  }

  #set(key: number, circuit: Circuit, state: CircuitState): void {
    circuit.state = state;
    this.#options.onChange?.(key, state);
  }
}
