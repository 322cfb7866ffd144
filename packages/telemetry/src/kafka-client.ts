import type { Kafka } from 'kafkajs';
import kafkajs from 'kafkajs';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
}

/**
 * A kafkajs client tuned for telemetry: short connection timeouts and few internal retries, because the
 * adapters run their own retry loops with backoff and must notice an outage quickly. kafkajs' own logging
 * is off: while a broker is down it logs every attempt; the adapters log outage transitions instead.
 */
export function createKafkaClient({ brokers, clientId }: KafkaConnection): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
}
