import { execFileSync } from 'node:child_process';
import { realServiceUrl, startTestParley } from '@parley/testing';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import { describe, expect, it } from 'vitest';

const brokers = realServiceUrl('kafka');
const kafkaScript = new URL('../../../infra/local/kafka.sh', import.meta.url).pathname;

function kafka(command: 'stop' | 'start'): void {
  execFileSync('bash', [kafkaScript, command], { stdio: 'inherit', timeout: 120_000 });
}

async function metric(adminUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{category="log"}`));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe.skipIf(!brokers)('chat while the Kafka broker is down', () => {
  it('keeps chatting, counts the telemetry it drops, and resumes sending when the broker returns', async () => {
    const parley = await startTestParley({
      PARLEY_KAFKA_BROKERS: brokers ?? '',
      PARLEY_TELEMETRY_BUFFER_LIMIT: '50',
    });
    try {
      const { sdkAppId, secretKey } = await parley.createApp();
      const sig = (userId: string) => genUserSig({ sdkAppId, secretKey, userId, expireSeconds: 600 });
      const alice = await TestSocket.open(parley.wsUrl);
      const bob = await TestSocket.open(parley.wsUrl);
      await alice.ok('login', { sdkAppId, userId: 'alice', userSig: sig('alice'), platform: 'web' });
      await bob.ok('login', { sdkAppId, userId: 'bob', userSig: sig('bob'), platform: 'web' });
      const sentBefore = await metric(parley.adminUrl, 'parley_telemetry_events_sent_total');

      kafka('stop');
      try {
        // 200 sends: 200 log events into a 50-event buffer with nowhere to go.
        for (let i = 1; i <= 200; i += 1) {
          const reply = await alice.ok('send', {
            to: 'bob',
            random: i,
            body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `m${i}` } }],
          });
          expect(reply.seq).toBe(i);
        }
        const synced = await bob.ok('sync', { conversationId: 'c2c:alice:bob', afterSeq: 0, limit: 500 });
        expect(synced.messages.map((m) => m.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        expect(await metric(parley.adminUrl, 'parley_telemetry_events_dropped_total')).toBeGreaterThan(0);
      } finally {
        kafka('start');
      }

      // The producer reconnects by itself: new events get through.
      const deadline = Date.now() + 60_000;
      let sent = await metric(parley.adminUrl, 'parley_telemetry_events_sent_total');
      while (sent <= sentBefore && Date.now() < deadline) {
        await alice.ok('ping', {});
        await new Promise((r) => setTimeout(r, 500));
        sent = await metric(parley.adminUrl, 'parley_telemetry_events_sent_total');
      }
      expect(sent).toBeGreaterThan(sentBefore);
      alice.close();
      bob.close();
    } finally {
      await parley.close();
    }
  });
});
