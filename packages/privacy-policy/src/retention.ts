import { telemetryCategoryPolicy } from './policy.ts';
import type { TelemetryCategory } from './policy-schema.ts';

export const DAY_MS = 86_400_000;

/** How long a telemetry category may be kept (section 6): log data 7 days, monitoring data 2 days. */
export function retentionMs(category: TelemetryCategory): number {
  return telemetryCategoryPolicy(category).retentionDays * DAY_MS;
}

/**
 * True when an item dated `at` (epoch ms) is past its retention at `now`. The boundary itself is still
 * kept: "stored for 7 days" keeps an event from T up to and including T + 7 days.
 */
export function isExpired(category: TelemetryCategory, at: number, now: number): boolean {
  return now - at > retentionMs(category);
}

/** The oldest timestamp still within retention at `now` (inclusive). */
export function retentionCutoff(category: TelemetryCategory, now: number): number {
  return now - retentionMs(category);
}
