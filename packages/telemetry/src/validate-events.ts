import type { TelemetryCategory } from '@parley/privacy-policy';
import { type TelemetryEvent, telemetryEventSchema } from './event-schemas.ts';

/**
 * The sinks' edge check before anything leaves the process: each event is re-parsed with its schema, which
 * rebuilds it from the allowlisted fields only (unknown keys are dropped, not rejected). Events that do not
 * parse are counted in `dropped` under their category (log when it cannot be told).
 */
export function validateEvents(
  events: readonly TelemetryEvent[],
  dropped: Record<TelemetryCategory, number>,
): TelemetryEvent[] {
  const valid: TelemetryEvent[] = [];
  for (const event of events) {
    const parsed = telemetryEventSchema.safeParse(event);
    if (parsed.success) valid.push(parsed.data);
    else dropped[event?.category === 'monitoring' ? 'monitoring' : 'log'] += 1;
  }
  return valid;
}
