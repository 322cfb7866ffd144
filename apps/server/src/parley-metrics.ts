import type { CallbackQueue } from '@parley/callbacks';
import { errorCatalogue } from '@parley/protocol';
import type { InterfaceCall } from '@parley/telemetry';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Parley's own Prometheus metrics, next to Node's defaults and the telemetry counters on the same registry (so
 * /metrics serves them on the admin and the gateway port). infra/grafana/parley.json and
 * infra/prometheus/alerts.yml read them; apps/server/test/dashboards.test.ts checks that every name they use is
 * exported. Label values come from bounded sets: interface names (op names, route templates), push names.
 */
export interface ParleyMetrics {
  /** Counts and times one interface call (REST route or WebSocket op), then hands it on. */
  recordCall(call: InterfaceCall): void;
  /** A push frame written to `sockets` local sockets (the Cluster's `onDelivered`). */
  delivered(frame: string, sockets: number): void;
  /** The gateway's open connections, read at scrape time. */
  watchConnections(count: () => number): void;
}

const STORAGE_UNAVAILABLE = errorCatalogue.STORAGE_UNAVAILABLE.code;
const MESSAGE_PUSH = '{"push":"message"';
const PUSH_NAME = /^\{"push":"([a-zA-Z]+)"/;
/** The stored time of a message push: `time` precedes `body` in the frame, so the first match is the field. */
const MESSAGE_TIME = /"time":(\d+)/;

export function createParleyMetrics(
  registry: Registry,
  callbackQueue: CallbackQueue,
  next: ((call: InterfaceCall) => void) | undefined,
  now: () => number,
): ParleyMetrics {
  const calls = new Counter({
    name: 'parley_interface_calls_total',
    help: 'Interface calls (REST routes as METHOD:/template, WebSocket ops as ws.<op>) by result (ok or error).',
    labelNames: ['interface', 'result'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'parley_interface_duration_seconds',
    help: 'Time from a call arriving to its reply, by interface.',
    labelNames: ['interface'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const storageErrors = new Counter({
    name: 'parley_storage_errors_total',
    help: 'Calls that failed with STORAGE_UNAVAILABLE (91080): a storage backend did not answer.',
    labelNames: ['interface'],
    registers: [registry],
  });
  const pushes = new Counter({
    name: 'parley_pushes_total',
    help: 'Push frames written to local sockets, by push name (message = messages out).',
    labelNames: ['push'],
    registers: [registry],
  });
  const sendToPush = new Histogram({
    name: 'parley_send_to_push_seconds',
    help: "From a message being stored to its push being written to a recipient's socket (this node's clock).",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  let connections: (() => number) | undefined;
  new Gauge({
    name: 'parley_gateway_connections',
    help: 'Open WebSocket connections on this gateway node.',
    registers: [registry],
    collect() {
      this.set(connections ? connections() : 0);
    },
  });
  new Gauge({
    name: 'parley_callback_queue_events',
    help: 'Callback events in the shared queue: pending (never tried), retrying (failed at least once), dead.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await callbackQueue.countByState().catch(() => undefined);
      if (!counts) return;
      for (const state of ['pending', 'retrying', 'dead'] as const) this.set({ state }, counts[state]);
    },
  });

  return {
    recordCall(call) {
      calls.inc({ interface: call.interface, result: call.error ? 'error' : 'ok' });
      duration.observe({ interface: call.interface }, call.durationMs / 1000);
      if (call.error?.code === STORAGE_UNAVAILABLE) storageErrors.inc({ interface: call.interface });
      next?.(call);
    },
    delivered(frame, sockets) {
      if (sockets === 0) return;
      if (frame.startsWith(MESSAGE_PUSH)) {
        pushes.inc({ push: 'message' }, sockets);
        const time = MESSAGE_TIME.exec(frame)?.[1];
        if (time) sendToPush.observe(Math.max(0, now() - Number(time)) / 1000);
        return;
      }
      pushes.inc({ push: PUSH_NAME.exec(frame)?.[1] ?? 'other' }, sockets);
    },
    watchConnections(count) {
      connections = count;
    },
  };
}
