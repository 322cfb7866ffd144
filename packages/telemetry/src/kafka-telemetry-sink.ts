import type { Producer, TopicMessages } from 'kafkajs';
import kafkajs from 'kafkajs';
import { BoundedEventBuffer, zeroByCategory } from './bounded-event-buffer.ts';
import type { TelemetryEvent } from './event-schemas.ts';
import { createKafkaClient } from './kafka-client.ts';
import {
  ensureTelemetryTopics,
  type TelemetryTopicReport,
  telemetryTopicName,
} from './kafka-telemetry-topics.ts';
import { backoffMs, Sleeper, settlesWithin } from './retry-timing.ts';
import { describeError, silentLogger, type TelemetryLogger } from './telemetry-logger.ts';
import type { TelemetrySink, TelemetrySinkStats } from './telemetry-sink.ts';
import { validateEvents } from './validate-events.ts';

export interface KafkaTelemetrySinkOptions {
  brokers: string[];
  clientId: string;
  /** Prepended verbatim to every topic name (`staging.` → `staging.parley.telemetry.log.v1`). */
  topicPrefix?: string;
  /** Events held in memory, a batch in flight included. When full the OLDEST are dropped. Default 10 000. */
  bufferLimit?: number;
  /** Most events per produce request. Default 500. */
  batchSize?: number;
  /** How long a partial batch waits for more events before it is sent. Default 200 ms. */
  lingerMs?: number;
  /** How long start() waits for the broker before returning and retrying in the background. Default 10 s. */
  startTimeoutMs?: number;
  /** How long flush() and close() wait for delivery. Default 5 s. */
  deliveryTimeoutMs?: number;
  /** Retry backoff while the broker is unreachable. Default 250 ms doubling to 30 s. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** For topics it creates; -1 (default) takes the broker's defaults. */
  numPartitions?: number;
  replicationFactor?: number;
  logger?: TelemetryLogger;
}

export interface KafkaTelemetrySinkStartReport {
  /** False when the broker did not answer within startTimeoutMs; the sink keeps retrying in the background. */
  ready: boolean;
  /** What the topic check found and corrected; null until it has run. */
  topics: TelemetryTopicReport | null;
  error?: string;
}

export interface KafkaTelemetrySink extends TelemetrySink {
  start(): Promise<KafkaTelemetrySinkStartReport>;
  /** The report of the latest topic check (it runs again after every reconnection). */
  topicReport(): TelemetryTopicReport | null;
}

type Phase = 'idle' | 'linger' | 'busy' | 'backoff';

/**
 * Sends telemetry to Kafka: one topic per category, created and drift-checked against the policy at start.
 * emit() only appends to a bounded buffer; a background loop sends GZIP-compressed batches through an
 * idempotent producer, and while the broker is down retries with backoff, dropping the oldest events when
 * the buffer fills. Delivery is at least once: a batch whose acknowledgement was lost is sent again.
 */
export function createKafkaTelemetrySink(options: KafkaTelemetrySinkOptions): KafkaTelemetrySink {
  const topicPrefix = options.topicPrefix ?? '';
  const batchSize = options.batchSize ?? 500;
  const lingerMs = options.lingerMs ?? 200;
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 5_000;
  const logger = options.logger ?? silentLogger;
  const kafka = createKafkaClient(options);
  const buffer = new BoundedEventBuffer(options.bufferLimit ?? 10_000);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > buffer.limit) {
    throw new RangeError('batchSize must be a positive integer no larger than bufferLimit');
  }
  const sleeper = new Sleeper();
  const sent = zeroByCategory();
  const lost = zeroByCategory();

  let producer: Producer | undefined;
  let ready = false;
  let phase: Phase = 'idle';
  let inflight: TelemetryEvent[] = [];
  let report: TelemetryTopicReport | null = null;
  let lastError: string | undefined;
  let failures = 0;
  let loop: Promise<void> | undefined;
  let stopping = false;
  let finalised = false;
  const readyWaiters: (() => void)[] = [];
  const flushWaiters: (() => void)[] = [];

  const settle = (waiters: (() => void)[]) => {
    for (const resolve of waiters) resolve();
  };

  const connect = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      report = await ensureTelemetryTopics({
        admin,
        topicPrefix,
        numPartitions: options.numPartitions ?? -1,
        replicationFactor: options.replicationFactor ?? -1,
      });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (report.drifted)
      logger.warn(
        { report },
        'telemetry: Kafka topic configuration drifted from the privacy policy; corrected',
      );
    else logger.info({ report }, 'telemetry: Kafka topics match the privacy policy');
    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
      // Bounded so a dead broker surfaces as an error to the loop, which owns the backoff.
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    await producer.connect();
    ready = true;
  };

  const sendBatch = async (connected: Producer) => {
    if (inflight.length === 0) inflight = validateEvents(buffer.take(batchSize), lost);
    if (inflight.length === 0) return;
    const byTopic = new Map<string, TopicMessages>();
    for (const event of inflight) {
      const topic = telemetryTopicName(event.category, topicPrefix);
      let entry = byTopic.get(topic);
      if (!entry) {
        entry = { topic, messages: [] };
        byTopic.set(topic, entry);
      }
      // Keyed by application so one app's events stay ordered within a partition.
      entry.messages.push({
        key: event.sdkAppId === null ? null : String(event.sdkAppId),
        value: JSON.stringify(event),
      });
    }
    await connected.sendBatch({
      topicMessages: [...byTopic.values()],
      acks: -1,
      compression: kafkajs.CompressionTypes.GZIP,
    });
    if (finalised) return;
    for (const event of inflight) sent[event.category] += 1;
    inflight = [];
  };

  const pause = async (next: Phase, ms: number) => {
    phase = next;
    await sleeper.sleep(ms);
    phase = 'busy';
  };

  const run = async () => {
    while (!stopping || (ready && (buffer.length > 0 || inflight.length > 0))) {
      try {
        if (!ready || !producer) await connect();
        if (failures > 0) logger.info({ failures }, 'telemetry: Kafka reachable again; sending the buffer');
        failures = 0;
        settle(readyWaiters.splice(0));
        const connected = producer;
        if (!connected) continue;
        if (buffer.length === 0 && inflight.length === 0) {
          settle(flushWaiters.splice(0));
          if (stopping) break;
          await pause('idle', 1_000);
          continue;
        }
        if (inflight.length === 0 && buffer.length < batchSize && flushWaiters.length === 0 && !stopping) {
          await pause('linger', lingerMs);
        }
        await sendBatch(connected);
      } catch (error) {
        ready = false;
        lastError = describeError(error).error;
        if (failures === 0)
          logger.warn({ error: lastError }, 'telemetry: Kafka unavailable; buffering and retrying');
        failures += 1;
        settle(flushWaiters.splice(0));
        const failed = producer;
        producer = undefined;
        await failed?.disconnect().catch(() => undefined);
        if (stopping) break;
        await pause(
          'backoff',
          backoffMs(failures, options.retryInitialMs ?? 250, options.retryMaxMs ?? 30_000),
        );
      }
    }
  };

  const ensureLoop = () => {
    loop ??= run().catch((error: unknown) => {
      logger.error(describeError(error), 'telemetry: Kafka send loop stopped');
    });
  };

  return {
    emit(events) {
      if (finalised) {
        for (const event of events) lost[event.category] += 1;
        return;
      }
      for (const event of events) buffer.push(event, inflight.length);
      // Wake an idle loop at once; cut a linger short once a full batch is waiting; never cut a backoff.
      if (phase === 'idle' || (phase === 'linger' && buffer.length >= batchSize)) sleeper.wake();
    },
    async start() {
      ensureLoop();
      if (!ready) {
        const becameReady = new Promise<void>((resolve) => readyWaiters.push(resolve));
        await settlesWithin(becameReady, options.startTimeoutMs ?? 10_000);
      }
      if (!ready)
        logger.warn(
          { error: lastError },
          'telemetry: Kafka not reachable at start; retrying in the background',
        );
      return ready ? { ready, topics: report } : { ready, topics: report, error: lastError ?? 'timed out' };
    },
    async flush() {
      if (!ready || finalised) return;
      const delivered = new Promise<void>((resolve) => flushWaiters.push(resolve));
      if (phase === 'idle' || phase === 'linger') sleeper.wake();
      await settlesWithin(delivered, deliveryTimeoutMs);
    },
    async close() {
      if (finalised) return;
      stopping = true;
      if (phase !== 'busy') sleeper.wake();
      if (loop) await settlesWithin(loop, deliveryTimeoutMs);
      finalised = true;
      settle(readyWaiters.splice(0));
      settle(flushWaiters.splice(0));
      await producer?.disconnect().catch(() => undefined);
      for (const event of [...inflight, ...buffer.take(buffer.length)]) lost[event.category] += 1;
      inflight = [];
    },
    topicReport: () => report,
    stats(): TelemetrySinkStats {
      const dropped = {
        log: buffer.dropped.log + lost.log,
        monitoring: buffer.dropped.monitoring + lost.monitoring,
      };
      return {
        sent: sent.log + sent.monitoring,
        dropped: dropped.log + dropped.monitoring,
        buffered: buffer.length + inflight.length,
        sentByCategory: { ...sent },
        droppedByCategory: dropped,
      };
    },
  };
}
