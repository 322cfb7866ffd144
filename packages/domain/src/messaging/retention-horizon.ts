import type { AppConfig } from '@parley/app-config';

const DAY_MS = 86_400_000;

/** The oldest message time an app still shows: now minus its history storage period. */
export function retentionHorizon(config: AppConfig, now: number): number {
  return now - config.messaging.historyRetentionDays * DAY_MS;
}

/** When a message stored at `time` expires: its time plus the app's history storage period. */
export function expiryOf(config: AppConfig, time: number): number {
  return time + config.messaging.historyRetentionDays * DAY_MS;
}
