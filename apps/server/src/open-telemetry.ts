import { join } from 'node:path';
import {
  type MonitoringReader,
  type Telemetry,
  createKafkaMonitoringReader,
  createKafkaTelemetrySink,
  createLocalTelemetrySink,
  createMetricsRegistry,
  createTelemetry,
  registerTelemetryMetrics,
} from '@parley/telemetry';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Backends } from './open-backends.ts';
import type { ServerConfig } from './server-config.ts';

export interface TelemetryWiring {
  telemetry: Telemetry | undefined;
  monitoring: MonitoringReader | undefined;
  metrics: Registry;
  close(): Promise<void>;
}

/** The privacy-scoped telemetry the configuration selects: Kafka, the local SQLite sink, or none. */
export async function openTelemetry(
  config: ServerConfig,
  backends: Backends,
  logger: Logger,
  now: () => number,
): Promise<TelemetryWiring> {
  const metrics = createMetricsRegistry();
  const log = logger.child({ component: 'telemetry' });
  switch (config.telemetry.kind) {
    case 'off':
      return { telemetry: undefined, monitoring: undefined, metrics, close: async () => {} };
    case 'local': {
      const sink = createLocalTelemetrySink({
        ...(backends.embeddedDb
          ? { db: backends.embeddedDb }
          : { dbPath: join(config.dataDir, 'telemetry.db') }),
        now,
        bufferLimit: config.telemetry.bufferLimit,
        logger: log,
      });
      await sink.start();
      registerTelemetryMetrics(metrics, sink);
      const telemetry = createTelemetry({ sink, now });
      return {
        telemetry,
        monitoring: sink,
        metrics,
        async close() {
          await telemetry.close();
          await sink.close();
        },
      };
    }
    case 'kafka': {
      const clientId = `parley-${config.nodeId}`;
      const sink = createKafkaTelemetrySink({
        brokers: config.telemetry.brokers,
        clientId,
        bufferLimit: config.telemetry.bufferLimit,
        batchSize: Math.min(500, config.telemetry.bufferLimit),
        logger: log,
      });
      // Never blocks start-up for long: an absent broker is retried in the background while chat runs.
      const report = await sink.start();
      if (!report.ready) log.warn({ error: report.error }, 'kafka not reachable yet; telemetry is buffered');
      else if (report.topics) log.info({ topics: report.topics }, 'telemetry topics checked');
      registerTelemetryMetrics(metrics, sink);
      const telemetry = createTelemetry({ sink, now });
      const reader =
        config.role === 'gateway'
          ? undefined
          : createKafkaMonitoringReader({
              brokers: config.telemetry.brokers,
              clientId: `${clientId}-monitoring`,
            });
      if (reader) await reader.start();
      return {
        telemetry,
        monitoring: reader,
        metrics,
        async close() {
          await telemetry.close();
          await sink.close();
          await reader?.close();
        },
      };
    }
    default: {
      const unknown: never = config.telemetry;
      throw new Error(`Unknown telemetry selection: ${JSON.stringify(unknown)}`);
    }
  }
}
