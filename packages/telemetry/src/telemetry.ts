import { toClientIp, toDurationMs, toErrorCause, toRequestTime, toSdkAppId } from './call-fields.ts';
import type { LogEvent } from './event-schemas.ts';
import type { InterfaceCall } from './interface-call.ts';
import { InterfaceNames } from './interface-names.ts';
import { MonitoringAggregator } from './monitoring-aggregator.ts';
import type { TelemetrySink } from './telemetry-sink.ts';

export interface TelemetryOptions {
  sink: TelemetrySink;
  /** Monitoring window length. Default 60 000 ms. */
  windowMs?: number;
  now?: () => number;
  /** When false, record() does nothing and no timer runs. */
  enabled?: boolean;
  /** Distinct interface names kept before new ones fold into `_other`. Default 256. */
  maxInterfaces?: number;
  /** (sdkAppId, interface) pairs per window before new ones fold into one overflow cell. Default 10 000. */
  maxCellsPerWindow?: number;
}

export interface TelemetryStats {
  /** record() calls that threw internally (a bug) and were swallowed to protect the caller. */
  recordFailures: number;
  /** Calls whose interface name was folded into `_other` by the cardinality cap. */
  interfacesFolded: number;
  /** Calls folded into a window's overflow cell. */
  cellsOverflowed: number;
}

export interface Telemetry {
  /**
   * Records one finished interface call. Synchronous, never throws, never awaits: it builds the log event
   * from the allowlisted fields only, hands it to the sink's bounded buffer and adds the call to the
   * current monitoring window.
   */
  record(call: InterfaceCall): void;
  /** Emits every closed monitoring window and asks the sink to deliver its buffer. */
  flush(): Promise<void>;
  /** Stops the window timer, emits every window including the open one, flushes the sink (does not close it). */
  close(): Promise<void>;
  stats(): TelemetryStats;
}

/** Creates the telemetry recorder the gateway and the admin API call on every interface call. */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const { sink, windowMs = 60_000, now = Date.now, enabled = true } = options;
  if (!Number.isSafeInteger(windowMs) || windowMs < 1)
    throw new RangeError('windowMs must be a positive integer');
  const names = new InterfaceNames(options.maxInterfaces ?? 256);
  const aggregator = new MonitoringAggregator(windowMs, options.maxCellsPerWindow ?? 10_000);
  let recordFailures = 0;
  let closed = false;

  const emitClosedWindows = () => {
    const events = aggregator.drainClosed(now());
    if (events.length > 0) sink.emit(events);
  };
  const tick = () => {
    try {
      emitClosedWindows();
    } catch {
      recordFailures += 1;
    }
  };
  // Windows close on the clock, not on traffic; the timer must not keep the process alive.
  const timer = enabled ? setInterval(tick, Math.min(windowMs, 1_000)) : undefined;
  timer?.unref();

  return {
    record(call) {
      if (!enabled || closed) return;
      try {
        const at = now();
        const sdkAppId = toSdkAppId(call.sdkAppId);
        const iface = names.resolve(call.interface);
        const error = toErrorCause(call.error);
        // Built field by field: nothing from `call` reaches the event unless it is named here.
        const event: LogEvent = {
          category: 'log',
          sdkAppId,
          interface: iface,
          clientIp: toClientIp(call.clientIp),
          requestTime: toRequestTime(call.startedAt, at),
        };
        if (error) event.error = error;
        sink.emit([event]);
        aggregator.add(at, sdkAppId, iface, toDurationMs(call.durationMs), error === undefined);
      } catch {
        recordFailures += 1;
      }
    },
    async flush() {
      tick();
      await sink.flush();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      try {
        const events = aggregator.drainAll();
        if (events.length > 0) sink.emit(events);
      } catch {
        recordFailures += 1;
      }
      await sink.flush();
    },
    stats() {
      return {
        recordFailures,
        interfacesFolded: names.folded,
        cellsOverflowed: aggregator.overflowed,
      };
    },
  };
}
