import type { BusEnvelope, MessageBus } from '@parley/domain';

/** The in-process bus of the embedded default: every node lives in this process. */
export function createMemoryMessageBus(): MessageBus {
  const handlers = new Map<string, Set<(envelope: BusEnvelope) => void>>();
  let closed = false;

  function dispatch(handler: (envelope: BusEnvelope) => void, envelope: BusEnvelope): void {
    // Asynchronous like a real bus, so a publisher never runs the receivers' code on its own stack.
    queueMicrotask(() => {
      try {
        handler(envelope);
      } catch {
        // A failing handler must not stop delivery to the others.
      }
    });
  }

  return {
    async sendToNode(nodeId, envelope) {
      if (closed) return;
      for (const handler of handlers.get(nodeId) ?? []) dispatch(handler, envelope);
    },
    async broadcast(envelope) {
      if (closed) return;
      for (const set of handlers.values()) for (const handler of set) dispatch(handler, envelope);
    },
    async subscribe(nodeId, handler) {
      let set = handlers.get(nodeId);
      if (!set) {
        set = new Set();
        handlers.set(nodeId, set);
      }
      set.add(handler);
    },
    async close() {
      closed = true;
      handlers.clear();
    },
  };
}
