import type { BusEnvelope, MessageBus } from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** What one test of the suite gets: buses isolated from every other test. */
export interface MessageBusFixture {
  /** The bus under test, as one gateway node holds it. */
  bus: MessageBus;
  /** A bus over the same transport, as another node holds it (an in-process adapter may pass `bus`). */
  peer: MessageBus;
  cleanup(): Promise<void>;
}

/** Generous bound for asynchronous delivery; the tests never assert on how fast it is. */
const DELIVERY_BOUND_MS = 5_000;

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + DELIVERY_BOUND_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function deliver(userId: string, frame = '{"cmd":"push"}'): BusEnvelope {
  return { kind: 'deliver', sdkAppId: 1_400_000_001, userId, frame };
}

/** Collects what a node receives. */
function inbox() {
  const received: BusEnvelope[] = [];
  return { received, handler: (envelope: BusEnvelope) => received.push(envelope) };
}

function isSentinel(envelope: BusEnvelope): boolean {
  return envelope.kind === 'deliver' && envelope.userId === 'sentinel';
}

/** The behaviour every MessageBus adapter must show. Delivery is awaited with a bound, never timed. */
export function describeMessageBusContract(
  adapterName: string,
  factory: () => Promise<MessageBusFixture>,
): void {
  describe(`MessageBus contract: ${adapterName}`, () => {
    let fx: MessageBusFixture;

    beforeEach(async () => {
      fx = await factory();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('delivers sendToNode to that node only, from another node', async () => {
      const a = inbox();
      const b = inbox();
      await fx.bus.subscribe('node-a', a.handler);
      await fx.peer.subscribe('node-b', b.handler);

      await fx.bus.sendToNode('node-b', deliver('bob'));
      await fx.bus.sendToNode('node-a', deliver('sentinel'));
      await until('node-b to receive', () => b.received.length === 1);
      await until('node-a to receive the sentinel', () => a.received.some(isSentinel));

      expect(b.received).toEqual([deliver('bob')]);
      // Sent after bob's message, so had node-a been wrongly given it, it would have arrived first.
      expect(a.received).toEqual([deliver('sentinel')]);
    });

    it('broadcasts to every node, including the sender', async () => {
      const a = inbox();
      const b = inbox();
      await fx.bus.subscribe('node-a', a.handler);
      await fx.peer.subscribe('node-b', b.handler);
      const envelope: BusEnvelope = { kind: 'config-changed', sdkAppId: 1_400_000_002, revision: 7 };

      await fx.bus.broadcast(envelope);
      await until('both nodes to receive', () => a.received.length === 1 && b.received.length === 1);
      expect(a.received).toEqual([envelope]);
      expect(b.received).toEqual([envelope]);
    });

    it('carries every envelope kind intact, including unicode frames and optional fields', async () => {
      const b = inbox();
      await fx.peer.subscribe('node-b', b.handler);
      const envelopes: BusEnvelope[] = [
        { kind: 'deliver', sdkAppId: 1, userId: 'alice', frame: '{"text":"héllo 👋 \\"q\\"\\n"}' },
        { kind: 'deliver', sdkAppId: 1, userId: 'alice', frame: '{}', exceptInstanceId: 'inst-1' },
        {
          kind: 'kick',
          sdkAppId: 2,
          userId: 'bob',
          instanceId: 'inst-2',
          reason: 'multi-login',
          byPlatform: 'iOS',
        },
        { kind: 'config-changed', sdkAppId: 3, revision: 42 },
        { kind: 'accounts-deleted', sdkAppId: 4, userIds: ['a', 'b', 'ç'] },
      ];
      for (const envelope of envelopes) await fx.bus.sendToNode('node-b', envelope);
      await until('all envelopes', () => b.received.length === envelopes.length);
      expect(b.received).toEqual(envelopes);
      expect(b.received[0]).not.toHaveProperty('exceptInstanceId');
    });

    it('keeps the order of messages sent one after another to a node', async () => {
      const b = inbox();
      await fx.peer.subscribe('node-b', b.handler);
      const sent = Array.from({ length: 100 }, (_, i) => deliver(`user${i}`));
      for (const envelope of sent) await fx.bus.sendToNode('node-b', envelope);
      await until('100 envelopes', () => b.received.length === sent.length);
      expect(b.received).toEqual(sent);
    });

    it('keeps delivering after a handler throws', async () => {
      const received: BusEnvelope[] = [];
      await fx.peer.subscribe('node-b', (envelope) => {
        received.push(envelope);
        if (received.length === 1) throw new Error('handler bug');
      });
      await fx.bus.sendToNode('node-b', deliver('first'));
      await fx.bus.broadcast(deliver('second'));
      await fx.bus.sendToNode('node-b', deliver('third'));
      await until('three envelopes', () => received.length === 3);
      expect(received).toEqual([deliver('first'), deliver('second'), deliver('third')]);
    });

    it('accepts sends to a node nobody listens to (at-most-once)', async () => {
      const a = inbox();
      await fx.bus.subscribe('node-a', a.handler);
      await expect(fx.bus.sendToNode('node-gone', deliver('lost'))).resolves.toBeUndefined();
      await fx.bus.sendToNode('node-a', deliver('sentinel'));
      await until('the sentinel', () => a.received.some(isSentinel));
      expect(a.received).toEqual([deliver('sentinel')]);
    });

    it('stops delivering to a closed bus while the others carry on', async () => {
      const a = inbox();
      const b = inbox();
      await fx.bus.subscribe('node-a', a.handler);
      await fx.peer.subscribe('node-b', b.handler);
      if (fx.peer === fx.bus) return; // One in-process bus: closing it closes both "nodes".

      await fx.bus.close();
      await fx.peer.broadcast(deliver('after-close'));
      await fx.peer.sendToNode('node-b', deliver('sentinel'));
      await until('node-b to receive the sentinel', () => b.received.some(isSentinel));
      expect(b.received).toEqual([deliver('after-close'), deliver('sentinel')]);
      expect(a.received).toEqual([]);
    });
  });
}
