import { type TelemetryCategory, telemetryTopics } from '@parley/privacy-policy';
import type { Admin, ConfigEntries, IResourceConfigEntry } from 'kafkajs';

// kafkajs does not expose these enums as ESM named exports; the values are Kafka protocol constants.
const TOPIC_RESOURCE = 2; // ConfigResourceTypes.TOPIC
const TOPIC_CONFIG_SOURCE = 1; // ConfigSource.TOPIC_CONFIG: an override set on the topic itself

export interface TopicConfigDrift {
  configName: string;
  expected: string;
  /** What the broker had; null when the key was unset. */
  actual: string | null;
}

export interface TelemetryTopicStatus {
  category: TelemetryCategory;
  topic: string;
  /** `corrected`: the topic existed with other values and was altered back to the policy's. */
  action: 'created' | 'unchanged' | 'corrected';
  drift: TopicConfigDrift[];
}

export interface TelemetryTopicReport {
  topics: TelemetryTopicStatus[];
  /** True when some topic had drifted from the policy (and was corrected). */
  drifted: boolean;
}

export interface EnsureTelemetryTopicsOptions {
  admin: Pick<Admin, 'listTopics' | 'createTopics' | 'describeConfigs' | 'alterConfigs'>;
  topicPrefix: string;
  /** -1 uses the broker's defaults. */
  numPartitions: number;
  replicationFactor: number;
}

/** The prefixed topic name per category. */
export function telemetryTopicName(category: TelemetryCategory, topicPrefix: string): string {
  return `${topicPrefix}${telemetryTopics[category].name}`;
}

function expectedEntries(category: TelemetryCategory): IResourceConfigEntry[] {
  return Object.entries(telemetryTopics[category].configs).map(([name, value]) => ({ name, value }));
}

async function describeTopic(options: EnsureTelemetryTopicsOptions, topic: string): Promise<ConfigEntries[]> {
  const described = await options.admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: TOPIC_RESOURCE, name: topic }],
  });
  const resource = described.resources[0];
  if (resource?.errorCode !== 0) {
    throw new Error(`describeConfigs ${topic} failed: ${resource?.errorMessage ?? 'no resource returned'}`);
  }
  return resource.configEntries;
}

function driftOf(category: TelemetryCategory, entries: readonly ConfigEntries[]): TopicConfigDrift[] {
  const actual = new Map(entries.map((entry) => [entry.configName, entry.configValue]));
  return expectedEntries(category)
    .filter((expected) => actual.get(expected.name) !== expected.value)
    .map((expected) => ({
      configName: expected.name,
      expected: expected.value,
      actual: actual.get(expected.name) ?? null,
    }));
}

/**
 * alterConfigs REPLACES the topic's whole set of overrides, so every other override is re-sent unchanged
 * with the policy's values on top; otherwise correcting retention would silently reset, say, max.message.bytes.
 */
function correctedEntries(
  category: TelemetryCategory,
  entries: readonly ConfigEntries[],
): IResourceConfigEntry[] {
  const expected = expectedEntries(category);
  const owned = new Set(expected.map((entry) => entry.name));
  const kept: IResourceConfigEntry[] = [];
  for (const entry of entries) {
    if (entry.configSource !== TOPIC_CONFIG_SOURCE || owned.has(entry.configName)) continue;
    if (entry.isSensitive) {
      throw new Error(
        `cannot correct ${entry.configName}: a sensitive override would be lost by alterConfigs`,
      );
    }
    kept.push({ name: entry.configName, value: entry.configValue });
  }
  return [...kept, ...expected];
}

/**
 * Creates the telemetry topics with the policy's configuration, and checks existing ones: a drifted
 * `retention.ms`, `cleanup.policy` or `segment.ms` is corrected, verified, and reported.
 */
export async function ensureTelemetryTopics(
  options: EnsureTelemetryTopicsOptions,
): Promise<TelemetryTopicReport> {
  const categories = Object.keys(telemetryTopics) as TelemetryCategory[];
  const existing = new Set(await options.admin.listTopics());
  const missing = categories.filter(
    (category) => !existing.has(telemetryTopicName(category, options.topicPrefix)),
  );
  if (missing.length > 0) {
    // Resolves false instead of failing when another instance created a topic meanwhile; the check below covers it.
    await options.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((category) => ({
        topic: telemetryTopicName(category, options.topicPrefix),
        numPartitions: options.numPartitions,
        replicationFactor: options.replicationFactor,
        configEntries: expectedEntries(category),
      })),
    });
  }
  const statuses: TelemetryTopicStatus[] = [];
  for (const category of categories) {
    const topic = telemetryTopicName(category, options.topicPrefix);
    const entries = await describeTopic(options, topic);
    const drift = driftOf(category, entries);
    if (drift.length > 0) {
      await options.admin.alterConfigs({
        validateOnly: false,
        resources: [
          { type: TOPIC_RESOURCE, name: topic, configEntries: correctedEntries(category, entries) },
        ],
      });
      const remaining = driftOf(category, await describeTopic(options, topic));
      if (remaining.length > 0) throw new Error(`${topic} still differs from the policy after alterConfigs`);
    }
    const action = drift.length > 0 ? 'corrected' : missing.includes(category) ? 'created' : 'unchanged';
    statuses.push({ category, topic, action, drift });
  }
  return { topics: statuses, drifted: statuses.some((status) => status.drift.length > 0) };
}
