import { join } from 'node:path';
import type { EmbeddedDatabase } from '@parley/storage-embedded';
import {
  createKafkaMonitoringReader,
  createKafkaTelemetrySink,
  createLocalTelemetrySink,
  createMetricsRegistry,
  createTelemetry,
  type MonitoringReader,
  registerTelemetryMetrics,
  type Telemetry,
} from '@parley/telemetry';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ServerConfig } from './server-config.ts';

export interface TelemetryWiring {
  telemetry: Telemetry | undefined;
  monitoring: MonitoringReader | undefined;
  metrics: Registry;
  close(): Promise<void>;
}

export interface OpenTelemetryOptions {
  selection: ServerConfig['telemetry'];
  nodeId: string;
  role: ServerConfig['role'];
  /** The local sink keeps its tables in the embedded file when there is one, else in `<dataDir>/telemetry.db`. */
  embeddedDb: EmbeddedDatabase | undefined;
  dataDir: string;
  logger: Logger;
  now: () => number;
}

/** The privacy-scoped telemetry the configuration selects: Kafka, the local SQLite sink, or none. */
export async function openTelemetry(options: OpenTelemetryOptions): Promise<TelemetryWiring> {
  const { selection, logger, now } = options;
  const metrics = createMetricsRegistry();
  const log = logger.child({ component: 'telemetry' });
  switch (selection.kind) {
    case 'off':
      return { telemetry: undefined, monitoring: undefined, metrics, close: async () => {} };
    case 'local': {
      const sink = createLocalTelemetrySink({
        ...(options.embeddedDb
          ? { db: options.embeddedDb }
          : { dbPath: join(options.dataDir, 'telemetry.db') }),
        now,
        bufferLimit: selection.bufferLimit,
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
      const clientId = `parley-${options.nodeId}`;
      const sink = createKafkaTelemetrySink({
        brokers: selection.brokers,
        clientId,
        bufferLimit: selection.bufferLimit,
        batchSize: Math.min(500, selection.bufferLimit),
        logger: log,
      });
      // Never blocks start-up for long: an absent broker is retried in the background while chat runs.
      const report = await sink.start();
      if (!report.ready) log.warn({ error: report.error }, 'kafka not reachable yet; telemetry is buffered');
      else if (report.topics) log.info({ topics: report.topics }, 'telemetry topics checked');
      registerTelemetryMetrics(metrics, sink);
      const telemetry = createTelemetry({ sink, now });
      const reader =
        options.role === 'gateway'
          ? undefined
          : createKafkaMonitoringReader({
              brokers: selection.brokers,
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
      const unknown: never = selection;
      throw new Error(`Unknown telemetry selection: ${JSON.stringify(unknown)}`);
    }
  }
}
