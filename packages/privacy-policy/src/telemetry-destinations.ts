import { telemetryCategoryPolicy } from './policy.ts';
import type { TelemetryCategory } from './policy-schema.ts';
import { retentionMs } from './retention.ts';

/** Topic-level overrides Parley owns. Anything else on the topic is left as the operator set it. */
export interface TelemetryTopicConfigs {
  /** Section 6 retention, in ms, as Kafka expects it (a decimal string). */
  readonly 'retention.ms': string;
  /** Old segments are deleted, never compacted: compaction would keep the last event per key forever. */
  readonly 'cleanup.policy': 'delete';
  /**
   * Kafka deletes whole segments, and never the active one; with the broker default (7 days) a record could
   * outlive its retention by up to a week. Rolling hourly bounds the overstay to about an hour plus the
   * broker's retention check interval.
   */
  readonly 'segment.ms': string;
}

export interface TelemetryTopic {
  readonly category: TelemetryCategory;
  /** Topic name without any deployment prefix. */
  readonly name: string;
  readonly retentionMs: number;
  readonly configs: TelemetryTopicConfigs;
}

/** How often telemetry topics roll a new segment (see `segment.ms`). */
export const TELEMETRY_SEGMENT_MS = 3_600_000;

/**
 * How often the embedded sink deletes rows past retention (its default purge timer), so a row outlives its
 * retention by at most this long.
 */
export const TELEMETRY_LOCAL_PURGE_INTERVAL_MS = 60_000;

function buildTopic(category: TelemetryCategory): TelemetryTopic {
  const ms = retentionMs(category);
  return Object.freeze({
    category,
    name: telemetryCategoryPolicy(category).telemetry.topic,
    retentionMs: ms,
    configs: Object.freeze({
      'retention.ms': String(ms),
      'cleanup.policy': 'delete' as const,
      'segment.ms': String(TELEMETRY_SEGMENT_MS),
    }),
  });
}

/** One Kafka topic per telemetry category, with the configuration the policy implies. */
export const telemetryTopics: Readonly<Record<TelemetryCategory, TelemetryTopic>> = Object.freeze({
  log: buildTopic('log'),
  monitoring: buildTopic('monitoring'),
});

/** The embedded (SQLite) sink's table per telemetry category. */
export const telemetrySqliteTables: Readonly<Record<TelemetryCategory, string>> = Object.freeze({
  log: telemetryCategoryPolicy('log').telemetry.sqliteTable,
  monitoring: telemetryCategoryPolicy('monitoring').telemetry.sqliteTable,
});
