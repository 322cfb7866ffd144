import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { monitoringEventSchema } from './event-schemas.ts';
import { createKafkaClient } from './kafka-client.ts';
import { telemetryTopicName } from './kafka-telemetry-topics.ts';
import { clampMonitoringRange, type MonitoringReader } from './monitoring-reader.ts';
import { MonitoringWindowStore } from './monitoring-window-store.ts';
import { backoffMs, Sleeper, settlesWithin } from './retry-timing.ts';
import { describeError, silentLogger, type TelemetryLogger } from './telemetry-logger.ts';

export interface KafkaMonitoringReaderOptions {
  brokers: string[];
  clientId: string;
  /** The sink's topicPrefix. */
  topicPrefix?: string;
  /** Default: unique per reader, so every reader sees every window (each keeps its own store). */
  groupId?: string;
  now?: () => number;
  /** Windows kept in memory at most; the earliest received are evicted beyond it. Default 200 000. */
  maxWindows?: number;
  /** How long start() waits for the broker before returning and retrying in the background. Default 10 s. */
  startTimeoutMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  logger?: TelemetryLogger;
}

export interface KafkaMonitoringReader extends MonitoringReader {
  start(): Promise<{ ready: boolean; error?: string }>;
  close(): Promise<void>;
  stats(): { consumed: number; invalid: number; windows: number };
}

/**
 * The monitoring read model when telemetry goes to Kafka: consumes the monitoring topic from its beginning
 * (which holds at most the 2 days of retention) into an in-memory store bounded to that retention.
 * Messages are applied once per partition offset, so a redelivery after a restart is not counted twice.
 * Queries reaching further back than 2 days are clamped (see MonitoringReader).
 */
export function createKafkaMonitoringReader(options: KafkaMonitoringReaderOptions): KafkaMonitoringReader {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const topic = telemetryTopicName('monitoring', options.topicPrefix ?? '');
  const groupId = options.groupId ?? `${options.clientId}.monitoring-reader.${randomUUID()}`;
  const kafka = createKafkaClient(options);
  const store = new MonitoringWindowStore(options.maxWindows ?? 200_000);
  const applied = new Map<number, bigint>();
  const sleeper = new Sleeper();
  let consumer: Consumer | undefined;
  let ready = false;
  let closed = false;
  let lastError: string | undefined;
  let consumed = 0;
  let invalid = 0;
  let lastPurge = 0;
  let loop: Promise<void> | undefined;
  const readyWaiters: (() => void)[] = [];
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });

  const apply = (partition: number, message: KafkaMessage) => {
    const offset = BigInt(message.offset);
    const last = applied.get(partition);
    if (last !== undefined && offset <= last) return;
    applied.set(partition, offset);
    consumed += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      invalid += 1;
      return;
    }
    const result = monitoringEventSchema.safeParse(parsed);
    if (!result.success) {
      invalid += 1;
      return;
    }
    const { category: _category, ...window } = result.data;
    const at = now();
    store.add(window, at);
    if (at - lastPurge >= 60_000) {
      lastPurge = at;
      store.purgeExpired(at);
    }
  };

  // Returns the crash signal wrapped: an async function returning a bare promise would wait for it.
  const connect = async (): Promise<{ crashed: Promise<void> }> => {
    const next = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    // Resolves when kafkajs gives up on the consumer, so the loop can build a new one.
    const crashed = new Promise<void>((resolve) => {
      next.on(next.events.CRASH, (event) => {
        if (!event.payload.restart) resolve();
      });
    });
    try {
      await next.connect();
      await next.subscribe({ topics: [topic], fromBeginning: true });
      await next.run({ eachMessage: async ({ partition, message }) => apply(partition, message) });
    } catch (error) {
      await next.disconnect().catch(() => undefined);
      throw error;
    }
    consumer = next;
    return { crashed };
  };

  const run = async () => {
    let failures = 0;
    while (!closed) {
      try {
        const { crashed } = await connect();
        ready = true;
        failures = 0;
        for (const resolve of readyWaiters.splice(0)) resolve();
        await Promise.race([crashed, stopped]);
        if (!closed) logger.warn({ topic }, 'telemetry: monitoring consumer crashed; reconnecting');
      } catch (error) {
        lastError = describeError(error).error;
        if (failures === 0)
          logger.warn({ error: lastError, topic }, 'telemetry: monitoring topic unavailable; retrying');
        failures += 1;
      }
      ready = false;
      const stale = consumer;
      consumer = undefined;
      await stale?.disconnect().catch(() => undefined);
      if (closed) break;
      await sleeper.sleep(
        backoffMs(Math.max(1, failures), options.retryInitialMs ?? 250, options.retryMaxMs ?? 30_000),
      );
    }
  };

  return {
    async start() {
      loop ??= run();
      if (!ready) {
        const becameReady = new Promise<void>((resolve) => readyWaiters.push(resolve));
        await settlesWithin(becameReady, options.startTimeoutMs ?? 10_000);
      }
      return ready ? { ready } : { ready, error: lastError ?? 'timed out' };
    },
    async close() {
      if (closed) return;
      closed = true;
      stop();
      sleeper.wake();
      for (const resolve of readyWaiters.splice(0)) resolve();
      // The loop disconnects the consumer on its way out; kafkajs' own retries bound how long that takes.
      if (loop) await settlesWithin(loop, 15_000);
    },
    async query(query) {
      const at = now();
      const range = clampMonitoringRange(query, at);
      if (!range) return [];
      store.purgeExpired(at);
      return store.query(query.sdkAppId, query.interface, range.from, range.to);
    },
    stats: () => ({ consumed, invalid, windows: store.size }),
  };
}
