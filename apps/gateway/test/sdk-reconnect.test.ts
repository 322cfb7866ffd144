import { existsSync } from 'node:fs';
import type { WireMessage } from '@parley/protocol';
import { sendText, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

// The client SDK is another package; this file runs it against the real gateway once it is there.
const sdkPresent = existsSync(new URL('../../../packages/client/src/index.ts', import.meta.url));

const TOTAL = 300;

describe.skipIf(!sdkPresent)('the client SDK against the real gateway', () => {
  let server: GatewayFixture;
  beforeAll(async () => {
    server = await startGateway();
  });
  afterAll(() => server.close());

  it('delivers every message exactly once and in order across dropped sockets', async () => {
    const { createParleyClient } = await import('@parley/client');
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const sockets: WebSocket[] = [];
    class RecordingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    }
    const bob = createParleyClient({
      url: server.wsUrl,
      sdkAppId: app.sdkAppId,
      userId: 'bob',
      userSig: () => app.sig('bob'),
      platform: 'android',
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      WebSocket: RecordingWebSocket,
    });
    const received: WireMessage[] = [];
    let logins = 0;
    const allArrived = new Promise<void>((resolve) => {
      bob.on('message', (message) => {
        received.push(message);
        if (received.length >= TOTAL) resolve();
      });
    });
    bob.on('connected', () => {
      logins += 1;
    });
    try {
      await bob.connect();
      for (let i = 1; i <= TOTAL; i += 1) {
        await sendText(alice, 'bob', `m${i}`);
        // Drop bob's socket abruptly (no close frame) while alice keeps sending.
        if (i === 100 || i === 180 || i === 181) sockets.at(-1)?.terminate();
      }
      await Promise.race([
        allArrived,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`only ${received.length} arrived`)), 15_000),
        ),
      ]);
      // Anything after TOTAL would be a duplicate: a last sync round trip lets stragglers show up.
      await bob.request('ping', {});
      expect(received.map((m) => m.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
      expect(received.map((m) => m.body)).toEqual(Array.from({ length: TOTAL }, (_, i) => text(`m${i + 1}`)));
      expect(logins).toBeGreaterThanOrEqual(3);
    } finally {
      await bob.close();
    }
  }, 30_000);
});
