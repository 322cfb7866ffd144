import { join } from 'node:path';
import { telemetrySqliteTables, telemetryTopics } from '@parley/privacy-policy';
import { type TelemetryEvent, telemetryEventSchema } from '@parley/telemetry';
import { realServiceUrl, startTestParley, type TestParley } from '@parley/testing';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import Database from 'better-sqlite3';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';

/**
 * The privacy policy's promise, end to end: whatever users put in bodies, ids, profiles, headers, query strings
 * or requests that fail, telemetry and logs carry only the listed fields. Canaries are planted everywhere a
 * careless implementation would leak them; none may appear in any event or log line.
 */
const CANARY = 'zqCanary7f3a';
const kafkaBrokers = realServiceUrl('kafka');

async function exercise(parley: TestParley): Promise<number> {
  const { sdkAppId, secretKey } = await parley.createApp({ details: { name: 'Telemetry privacy' } });
  const userA = `a${CANARY}`;
  const userB = `b${CANARY}`;
  // Profile fields and account ids.
  await parley.admin('POST', `/v1/apps/${sdkAppId}/users`, {
    accounts: [
      { userId: userA, nick: `${CANARY}-nick` },
      { userId: userB, nick: `${CANARY}-nick` },
    ],
  });
  // Headers and query strings on the admin API, and a failing request whose input carries the canary.
  await fetch(`${parley.adminUrl}/v1/apps/${sdkAppId}/config?${CANARY}=${CANARY}`, {
    headers: { authorization: `Bearer ${parley.operatorToken}`, 'x-canary': CANARY, 'user-agent': CANARY },
  });
  await parley.admin('PATCH', `/v1/apps/${sdkAppId}/config`, { [CANARY]: CANARY });
  await parley.admin('POST', `/v1/apps/${sdkAppId}/users/check`, { userIds: [`${CANARY}:bad`] });

  const sig = (userId: string) => genUserSig({ sdkAppId, secretKey, userId, expireSeconds: 600 });
  const a = await TestSocket.open(`${parley.wsUrl}?${CANARY}=1`);
  const b = await TestSocket.open(parley.wsUrl);
  await a.ok('login', { sdkAppId, userId: userA, userSig: sig(userA), platform: 'web' });
  await b.ok('login', { sdkAppId, userId: userB, userSig: sig(userB), platform: 'ios' });
  // Message bodies and custom data.
  for (let i = 0; i < 5; i += 1) {
    await a.ok('send', {
      to: userB,
      random: i,
      body: [
        { MsgType: 'TIMTextElem', MsgContent: { Text: `${CANARY} body ${i}` } },
        { MsgType: 'TIMCustomElem', MsgContent: { Data: CANARY, Desc: CANARY } },
      ],
      cloudCustomData: CANARY,
    });
  }
  // Failures whose detail mentions user input.
  await a.fail('send', {
    to: `ghost${CANARY}`,
    random: 99,
    body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: CANARY } }],
  });
  await a.fail('friend.add', { to: `ghost${CANARY}`, wording: CANARY });
  const raw = await TestSocket.open(parley.wsUrl);
  await raw.fail('login', { sdkAppId, userId: userA, userSig: `${CANARY}garbage`, platform: 'web' });
  a.close();
  b.close();
  raw.close();
  return sdkAppId;
}

function assertNoCanary(where: string, texts: string[]): void {
  const leaks = texts.filter((text) => text.includes(CANARY));
  expect(leaks, `${where} leaked user data: ${leaks.slice(0, 3).join('\n')}`).toEqual([]);
}

describe('privacy-scoped telemetry, end to end', () => {
  it('embedded default: the local sink and the logs hold no user data, and every event fits the policy schema', async () => {
    const lines: string[] = [];
    const parley = await startTestParley(
      { PARLEY_LOG_LEVEL: 'debug' },
      { keepDataDir: true, logDestination: { write: (line) => void lines.push(line) } },
    );
    let sdkAppId = 0;
    try {
      sdkAppId = await exercise(parley);
    } finally {
      await parley.close();
    }
    const db = new Database(join(parley.dataDir, 'parley.db'), { readonly: true });
    const rows = [telemetrySqliteTables.log, telemetrySqliteTables.monitoring].flatMap(
      (table) => db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[],
    );
    db.close();
    expect(rows.length).toBeGreaterThan(10);
    expect(lines.length).toBeGreaterThan(0);
    assertNoCanary(
      'the local telemetry sink',
      rows.map((row) => JSON.stringify(row)),
    );
    assertNoCanary('the logs', lines);
    const text = JSON.stringify(rows);
    expect(text).toContain('ws.send');
    expect(text).toContain(String(sdkAppId));
  });

  describe.skipIf(!kafkaBrokers)('Kafka', () => {
    it('topics equal the policy, every event validates, no canary reaches a topic or the logs', async () => {
      const brokers = (kafkaBrokers ?? '').split(',');
      const lines: string[] = [];
      const parley = await startTestParley(
        { PARLEY_KAFKA_BROKERS: brokers.join(','), PARLEY_LOG_LEVEL: 'debug' },
        { logDestination: { write: (line) => void lines.push(line) } },
      );
      let sdkAppId = 0;
      try {
        sdkAppId = await exercise(parley);
      } finally {
        await parley.close(); // flushes the open monitoring window and the producer
      }

      const kafka = new Kafka({ clientId: 'parley-privacy-test', brokers, logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const described = await admin.describeConfigs({
          includeSynonyms: false,
          resources: Object.values(telemetryTopics).map((topic) => ({ type: 2, name: topic.name })),
        });
        for (const topic of Object.values(telemetryTopics)) {
          const entries = described.resources.find((r) => r.resourceName === topic.name)?.configEntries ?? [];
          for (const [name, value] of Object.entries(topic.configs)) {
            expect(entries.find((e) => e.configName === name)?.configValue, `${topic.name} ${name}`).toBe(
              value,
            );
          }
        }
      } finally {
        await admin.disconnect();
      }

      const events: TelemetryEvent[] = [];
      const rawValues: string[] = [];
      const consumer = kafka.consumer({ groupId: `privacy-test-${Date.now()}-${Math.random()}` });
      await consumer.connect();
      await consumer.subscribe({
        topics: Object.values(telemetryTopics).map((t) => t.name),
        fromBeginning: true,
      });
      const haveBoth = () =>
        events.some((e) => e.category === 'log') && events.some((e) => e.category === 'monitoring');
      await consumer.run({
        eachMessage: async ({ message }) => {
          const value = message.value?.toString('utf8') ?? '';
          const parsed = JSON.parse(value) as { sdkAppId?: unknown };
          if (parsed.sdkAppId !== sdkAppId) return;
          rawValues.push(value);
          events.push(telemetryEventSchema.parse(parsed));
        },
      });
      const deadline = Date.now() + 30_000;
      while (!haveBoth() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await consumer.disconnect();

      expect(haveBoth()).toBe(true);
      // Parsed with the policy's schema (unknown fields dropped): nothing was dropped, so nothing extra was sent.
      for (const [i, event] of events.entries()) expect(JSON.parse(rawValues[i] ?? '')).toEqual(event);
      assertNoCanary('the Kafka topics', rawValues);
      assertNoCanary('the logs', lines);
    });
  });
});
