import { telemetryCategoryPolicy } from './policy.ts';
import type { TelemetryCategory } from './policy-schema.ts';

function allowlistOf(category: TelemetryCategory): readonly string[] {
  return Object.freeze(telemetryCategoryPolicy(category).telemetry.eventFields.map((field) => field.name));
}

/**
 * The only fields a telemetry event of each category may carry, as dotted paths (`error.code`). Event
 * schemas are checked against this list by test; anything not on it must never leave the process.
 */
export const telemetryFieldAllowlist: Readonly<Record<TelemetryCategory, readonly string[]>> = Object.freeze({
  log: allowlistOf('log'),
  monitoring: allowlistOf('monitoring'),
});
