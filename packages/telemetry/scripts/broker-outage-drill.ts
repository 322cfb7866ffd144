/**
 * Outage drill for the Kafka telemetry sink, against a PRIVATE broker (never the shared one):
 *   npx tsx packages/telemetry/scripts/broker-outage-drill.ts
 * Starts Kafka with infra/local/kafka.sh on 127.0.0.1:19092 in its own state dir, sends events, stops the
 * broker, keeps emitting (emit() must stay synchronous and bounded, drops counted), starts the broker again
 * and checks the buffered events arrive. Prints a JSON summary; exits non-zero when a check fails.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { createKafkaTelemetrySink, type LogEvent, telemetryEventSchema } from '../src/index.ts';

const stateDir = '/tmp/parley-telemetry-outage-drill';
const port = 19092;
const broker = `127.0.0.1:${port}`;
const script = fileURLToPath(new URL('../../../infra/local/kafka.sh', import.meta.url));
const env = {
  ...process.env,
  PARLEY_SERVICES_DIR: stateDir,
  PARLEY_KAFKA_PORT: String(port),
  PARLEY_KAFKA_CONTROLLER_PORT: String(port + 1),
};

function kafkaSh(command: 'start' | 'stop'): void {
  const result = spawnSync('bash', [script, command], { env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`kafka.sh ${command} exited ${result.status}`);
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

const event = (n: number): LogEvent => ({
  category: 'log',
  sdkAppId: 1400000000 + (n % 3),
  interface: 'sendMessage',
  clientIp: '192.0.2.1',
  requestTime: new Date().toISOString(),
});

const checks: Record<string, boolean> = {};
const prefix = `drill-${Date.now()}.`;
kafkaSh('start');
const sink = createKafkaTelemetrySink({
  brokers: [broker],
  clientId: 'outage-drill',
  topicPrefix: prefix,
  bufferLimit: 1_000,
  batchSize: 100,
  retryMaxMs: 2_000,
  logger: {
    info: (_fields, message) => console.log(new Date().toISOString(), 'info', message),
    warn: (fields, message) =>
      console.log(new Date().toISOString(), 'warn', message, JSON.stringify(fields).slice(0, 200)),
    error: (fields, message) => console.log('error', message, JSON.stringify(fields).slice(0, 200)),
  },
});
try {
  checks.readyAtStart = (await sink.start()).ready;
  for (let n = 0; n < 50; n += 1) sink.emit([event(n)]);
  checks.deliveredBeforeOutage = await until(() => sink.stats().sent === 50, 30_000);

  kafkaSh('stop');
  const emitMs: number[] = [];
  for (let n = 0; n < 3_000; n += 1) {
    const started = performance.now();
    sink.emit([event(n)]);
    emitMs.push(performance.now() - started);
    if (n % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Stay down long enough for the producer's own retries to give up, so the sink's backoff loop is exercised.
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  const during = sink.stats();
  checks.boundedDuringOutage = during.buffered <= 1_000;
  checks.dropsCounted = during.sent + during.dropped + during.buffered === 3_050;

  kafkaSh('start');
  checks.resumedAfterOutage = await until(() => sink.stats().buffered === 0, 120_000);
  const after = sink.stats();

  const kafka = new kafkajs.Kafka({
    clientId: 'outage-drill-reader',
    brokers: [broker],
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `${prefix}reader` });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [`${prefix}parley.telemetry.log.v1`], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void values.push(message.value?.toString() ?? ''),
  });
  await until(() => values.length >= after.sent, 60_000);
  await consumer.disconnect();
  checks.allSentConsumedAndValid =
    values.length === after.sent &&
    values.every((v) => telemetryEventSchema.safeParse(JSON.parse(v)).success);
  emitMs.sort((a, b) => a - b);
  const emitP99Ms = emitMs[Math.floor(emitMs.length * 0.99)];
  const emitMaxMs = emitMs.at(-1);
  console.log(
    JSON.stringify({ checks, emitP99Ms, emitMaxMs, during, after, consumed: values.length }, null, 2),
  );
} finally {
  await sink.close();
  kafkaSh('stop');
  rmSync(stateDir, { recursive: true, force: true });
}
process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
