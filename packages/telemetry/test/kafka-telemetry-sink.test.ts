import { randomUUID } from 'node:crypto';
import { telemetryTopics } from '@parley/privacy-policy';
import { realServiceUrl } from '@parley/testing';
import type { Admin } from 'kafkajs';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafkaMonitoringReader,
  createKafkaTelemetrySink,
  createTelemetry,
  type InterfaceCall,
  type KafkaTelemetrySink,
  type LogEvent,
  telemetryEventSchema,
} from '../src/index.ts';

const brokersUrl = realServiceUrl('kafka');
const TOPIC_RESOURCE = 2; // ConfigResourceTypes.TOPIC
const CANARY = 'CANARY_k4fk4';

function uniquePrefix(): string {
  return `test-${randomUUID().slice(0, 8)}.`;
}

describe.skipIf(!brokersUrl)('Kafka telemetry sink (real broker)', () => {
  const brokers = (brokersUrl ?? '').split(',');
  const kafka = new kafkajs.Kafka({
    clientId: 'telemetry-test',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  let admin: Admin;
  const prefixes: string[] = [];
  const sinks: KafkaTelemetrySink[] = [];

  const newSink = (topicPrefix: string) => {
    const sink = createKafkaTelemetrySink({ brokers, clientId: 'telemetry-test', topicPrefix, lingerMs: 20 });
    sinks.push(sink);
    return sink;
  };
  const newPrefix = () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    return prefix;
  };
  const topicConfigs = async (topic: string) => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: TOPIC_RESOURCE, name: topic }],
    });
    return Object.fromEntries(
      (described.resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
    );
  };
  const consumeAll = async (topics: string[], expected: number): Promise<string[]> => {
    const consumer = kafka.consumer({ groupId: `telemetry-test-${randomUUID()}` });
    const values: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString('utf8') ?? '');
      },
    });
    await expect
      .poll(() => values.length, { timeout: 30_000, interval: 200 })
      .toBeGreaterThanOrEqual(expected);
    await consumer.disconnect();
    return values;
  };

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const sink of sinks) await sink.close();
    const existing = new Set(await admin.listTopics());
    const ours = prefixes.flatMap((prefix) =>
      Object.values(telemetryTopics).map((topic) => `${prefix}${topic.name}`),
    );
    const topics = ours.filter((topic) => existing.has(topic));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  it('creates one topic per category with the configuration the policy implies', {
    timeout: 60_000,
  }, async () => {
    const prefix = newPrefix();
    const report = await newSink(prefix).start();
    expect(report.ready).toBe(true);
    expect(report.topics?.topics.map((t) => [t.topic, t.action])).toEqual([
      [`${prefix}parley.telemetry.log.v1`, 'created'],
      [`${prefix}parley.telemetry.monitoring.v1`, 'created'],
    ]);
    for (const topic of Object.values(telemetryTopics)) {
      const configs = await topicConfigs(`${prefix}${topic.name}`);
      expect(configs).toMatchObject({ ...topic.configs });
    }
    expect((await topicConfigs(`${prefix}parley.telemetry.log.v1`))['retention.ms']).toBe('604800000');
    expect((await topicConfigs(`${prefix}parley.telemetry.monitoring.v1`))['retention.ms']).toBe('172800000');
  });

  it('corrects a drifted topic, keeps its other overrides and reports the drift', {
    timeout: 60_000,
  }, async () => {
    const prefix = newPrefix();
    const first = newSink(prefix);
    await first.start();
    await first.close();
    const logTopic = `${prefix}parley.telemetry.log.v1`;
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: TOPIC_RESOURCE,
          name: logTopic,
          configEntries: [
            { name: 'retention.ms', value: '1000' },
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'max.message.bytes', value: '2000000' },
          ],
        },
      ],
    });

    const report = await newSink(prefix).start();
    expect(report.ready).toBe(true);
    expect(report.topics?.drifted).toBe(true);
    const log = report.topics?.topics.find((t) => t.topic === logTopic);
    expect(log?.action).toBe('corrected');
    expect(log?.drift).toEqual(
      expect.arrayContaining([
        { configName: 'retention.ms', expected: '604800000', actual: '1000' },
        { configName: 'cleanup.policy', expected: 'delete', actual: 'compact' },
      ]),
    );
    expect(log?.drift.map((d) => d.configName)).toContain('segment.ms'); // reset by the hand-made alter
    expect(report.topics?.topics.find((t) => t.category === 'monitoring')?.action).toBe('unchanged');
    expect(await topicConfigs(logTopic)).toMatchObject({
      ...telemetryTopics.log.configs,
      'max.message.bytes': '2000000',
    });
  });

  it('delivers events that read back valid, allowlisted and canary-free', { timeout: 60_000 }, async () => {
    const prefix = newPrefix();
    const sink = newSink(prefix);
    expect((await sink.start()).ready).toBe(true);
    let clock = Date.now();
    const telemetry = createTelemetry({ sink, now: () => clock, windowMs: 60_000 });
    const calls = 20;
    for (let i = 0; i < calls; i += 1) {
      const call = {
        sdkAppId: 1400000000 + (i % 2),
        interface: i % 3 === 0 ? 'login' : 'sendMessage',
        clientIp: '203.0.113.5',
        startedAt: clock,
        durationMs: i,
        ...(i % 4 === 0
          ? { error: Object.assign(new Error(`${CANARY} message`), { code: 20007, name: 'BLACKLISTED' }) }
          : {}),
        userId: `${CANARY} user`,
        text: `${CANARY} body`,
      } satisfies InterfaceCall & Record<string, unknown>;
      telemetry.record(call);
    }
    clock += 60_000;
    await telemetry.flush();
    const windows = 4; // 2 apps × 2 interfaces
    await expect.poll(() => sink.stats().sent, { timeout: 30_000 }).toBe(calls + windows);

    const values = await consumeAll(
      Object.values(telemetryTopics).map((topic) => `${prefix}${topic.name}`),
      calls + windows,
    );
    expect(values).toHaveLength(calls + windows);
    for (const value of values) {
      const raw: unknown = JSON.parse(value);
      // Parsing strips unknown keys; equality proves there were none.
      expect(telemetryEventSchema.parse(raw)).toEqual(raw);
    }
    expect(values.join('\n')).not.toContain(CANARY);
    const logs = values.map((v) => JSON.parse(v) as LogEvent).filter((e) => e.category === 'log');
    expect(logs.filter((e) => e.error?.name === 'BLACKLISTED')).toHaveLength(5);
    await telemetry.close();
  });

  it('feeds the Kafka monitoring reader', { timeout: 60_000 }, async () => {
    const prefix = newPrefix();
    const sink = newSink(prefix);
    await sink.start();
    const windowStart = Date.now() - (Date.now() % 60_000) - 60_000;
    const window = {
      category: 'monitoring' as const,
      sdkAppId: 1400000042,
      interface: 'sendMessage',
      windowStart: new Date(windowStart).toISOString(),
      windowMs: 60_000,
    };
    sink.emit([
      { ...window, calls: 3, successRate: 1, avgDelayMs: 10 },
      { ...window, calls: 1, successRate: 0, avgDelayMs: 50 },
      { ...window, sdkAppId: 1400000043, calls: 1, successRate: 1, avgDelayMs: 1 },
    ]);
    await sink.flush();
    const reader = createKafkaMonitoringReader({ brokers, clientId: 'telemetry-test', topicPrefix: prefix });
    try {
      expect((await reader.start()).ready).toBe(true);
      const query = { sdkAppId: 1400000042, from: new Date(0), to: new Date(Date.now() + 60_000) };
      await expect.poll(async () => (await reader.query(query)).length, { timeout: 30_000 }).toBe(1);
      expect(await reader.query(query)).toEqual([
        {
          sdkAppId: 1400000042,
          interface: 'sendMessage',
          windowStart: new Date(windowStart).toISOString(),
          windowMs: 60_000,
          calls: 4,
          successRate: 3 / 4,
          avgDelayMs: 20,
        },
      ]);
    } finally {
      await reader.close();
    }
  });
});

describe('Kafka telemetry sink with the broker unreachable', () => {
  it('returns from start(), never throws from emit(), stays bounded and counts drops', {
    timeout: 60_000,
  }, async () => {
    const sink = createKafkaTelemetrySink({
      brokers: ['127.0.0.1:1'],
      clientId: 'telemetry-test-down',
      bufferLimit: 100,
      batchSize: 10,
      startTimeoutMs: 500,
    });
    const report = await sink.start();
    expect(report.ready).toBe(false);
    expect(report.error).toBeTruthy();
    const event: LogEvent = {
      category: 'log',
      sdkAppId: 1400000001,
      interface: 'sendMessage',
      clientIp: '192.0.2.1',
      requestTime: new Date().toISOString(),
    };
    for (let i = 0; i < 1_000; i += 1) expect(sink.emit([event])).toBeUndefined();
    expect(sink.stats()).toMatchObject({
      sent: 0,
      buffered: 100,
      dropped: 900,
      droppedByCategory: { log: 900 },
    });
    await sink.flush(); // resolves although nothing can be delivered
    await sink.close();
    expect(sink.stats()).toMatchObject({ sent: 0, buffered: 0, dropped: 1_000 });
  });
});
