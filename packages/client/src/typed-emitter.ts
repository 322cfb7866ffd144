/**
 * A small typed event emitter. Unlike Node's EventEmitter it never throws for an unheard 'error' event: a client
 * should not crash an app that ignores background errors. A listener that throws is reported through
 * `onListenerError` instead of breaking the client's own state.
 */
export class TypedEmitter<Events extends object> {
  // Copy-on-write arrays: emit iterates the current array without copying, and a listener that
  // subscribes or unsubscribes during an emit affects only later emits.
  #listeners: { [E in keyof Events]?: ReadonlyArray<(payload: Events[E]) => void> } = {};
  readonly #onListenerError: (error: unknown, event: keyof Events) => void;

  constructor(onListenerError: (error: unknown, event: keyof Events) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    this.#listeners[event] = [...(this.#listeners[event] ?? []), listener];
    return () => this.off(event, listener);
  }

  once<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    const current = this.#listeners[event];
    if (!current) return;
    const index = current.indexOf(listener);
    if (index === -1) return;
    this.#listeners[event] = current.length === 1 ? undefined : current.toSpliced(index, 1);
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners[event]?.length ?? 0;
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const current = this.#listeners[event];
    if (!current) return;
    for (const listener of current) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }
}
