import { isIP } from 'node:net';
import type { TelemetryCategory } from '@parley/privacy-policy';
import {
  ERROR_NAME_PATTERN,
  INTERFACE_NAME_PATTERN,
  type LogEvent,
  type MonitoringEvent,
  type TelemetryEvent,
  UNKNOWN_CLIENT_IP,
} from './event-schemas.ts';

/**
 * The sinks' edge check before anything leaves the process: each event is rebuilt from the allowlisted fields
 * only (unknown keys are dropped, not rejected), checked field by field with the same rules as the event schemas
 * (`telemetryEventSchema`; a test holds the two to the same verdicts). Hand-written rather than a zod parse
 * because it runs for every event. Events that do not pass are counted in `dropped` under their category.
 */
export function validateEvents(
  events: readonly TelemetryEvent[],
  dropped: Record<TelemetryCategory, number>,
): TelemetryEvent[] {
  const valid: TelemetryEvent[] = [];
  for (const event of events) {
    const rebuilt = rebuild(event as unknown);
    if (rebuilt) valid.push(rebuilt);
    else
      dropped[(event as { category?: unknown } | null)?.category === 'monitoring' ? 'monitoring' : 'log'] +=
        1;
  }
  return valid;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function rebuild(value: unknown): TelemetryEvent | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const e = value as Record<string, unknown>;
  const sdkAppId = e.sdkAppId;
  if (
    sdkAppId !== null &&
    !(typeof sdkAppId === 'number' && Number.isSafeInteger(sdkAppId) && sdkAppId > 0)
  ) {
    return undefined;
  }
  if (typeof e.interface !== 'string' || !INTERFACE_NAME_PATTERN.test(e.interface)) return undefined;
  if (e.category === 'log') {
    const { clientIp, requestTime, error } = e;
    if (typeof clientIp !== 'string' || (clientIp !== UNKNOWN_CLIENT_IP && isIP(clientIp) === 0))
      return undefined;
    if (!isIsoTime(requestTime)) return undefined;
    const event: LogEvent = { category: 'log', sdkAppId, interface: e.interface, clientIp, requestTime };
    if (error !== undefined) {
      if (error === null || typeof error !== 'object') return undefined;
      const { code, name } = error as Record<string, unknown>;
      if (typeof code !== 'number' || !Number.isSafeInteger(code)) return undefined;
      if (typeof name !== 'string' || !ERROR_NAME_PATTERN.test(name)) return undefined;
      event.error = { code, name };
    }
    return event;
  }
  if (e.category === 'monitoring') {
    const { windowStart, windowMs, calls, successRate, avgDelayMs } = e;
    if (!isIsoTime(windowStart)) return undefined;
    if (!isPositiveInt(windowMs) || !isPositiveInt(calls)) return undefined;
    if (typeof successRate !== 'number' || !(successRate >= 0 && successRate <= 1)) return undefined;
    if (typeof avgDelayMs !== 'number' || !(avgDelayMs >= 0) || !Number.isFinite(avgDelayMs))
      return undefined;
    const event: MonitoringEvent = {
      category: 'monitoring',
      sdkAppId,
      interface: e.interface,
      windowStart,
      windowMs,
      calls,
      successRate,
      avgDelayMs,
    };
    return event;
  }
  return undefined;
}

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
