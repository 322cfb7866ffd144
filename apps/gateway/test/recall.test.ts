import { nextRandom, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';
import { type ManualClock, manualClock } from './support/manual-clock.ts';

let server: GatewayFixture;
let clock: ManualClock;
beforeAll(async () => {
  clock = manualClock();
  server = await startGateway({ clock });
});
afterAll(() => server.close());

describe('recall', () => {
  it('by the sender within the limit: both parties get `recalled`, the message stays as a tombstone', async () => {
    const app = await server.newApp({ multiLogin: { policy: 'multi-platform' } });
    const alice = await app.login('alice', { platform: 'web' });
    const aliceMac = await app.login('alice', { platform: 'mac' });
    const bob = await app.login('bob');
    const sent = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('oops'),
      cloudCustomData: 'meta',
    });
    const reply = await alice.ok('recall', { conversationId: sent.conversationId, seq: sent.seq });
    expect(reply).toEqual({ conversationId: sent.conversationId, seq: sent.seq });

    const push = { conversationId: sent.conversationId, seq: sent.seq, by: 'alice' };
    expect(await bob.nextPush('recalled')).toEqual(push);
    expect(await aliceMac.nextPush('recalled')).toEqual(push);
    expect(await alice.nextPush('recalled')).toEqual(push);

    const tombstone = {
      conversationId: sent.conversationId,
      seq: sent.seq,
      msgKey: sent.msgKey,
      from: 'alice',
      to: 'bob',
      time: sent.time,
      body: [],
      recalled: true,
    };
    const sync = await bob.ok('sync', { conversationId: sent.conversationId, afterSeq: 0 });
    expect(sync.messages).toEqual([expect.objectContaining(tombstone)]);
    expect(sync.messages[0]).not.toHaveProperty('cloudCustomData');
    const history = await alice.ok('history', { conversationId: sent.conversationId });
    expect(history.messages).toEqual([expect.objectContaining(tombstone)]);
  });

  it('a second recall of the same message succeeds without a second push', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const sent = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('x'),
    });
    await alice.ok('recall', { conversationId: sent.conversationId, seq: sent.seq });
    await alice.ok('recall', { conversationId: sent.conversationId, seq: sent.seq });
    await bob.barrier();
    expect(bob.pushesNamed('recalled')).toHaveLength(1);
  });

  it('by the other participant: RECALL_NOT_SENDER', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const sent = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('x'),
    });
    const error = await bob.fail('recall', { conversationId: sent.conversationId, seq: sent.seq });
    expect(error).toMatchObject({ code: 91052, name: 'RECALL_NOT_SENDER' });
  });

  it('after the recall time limit: RECALL_TIME_LIMIT_EXCEEDED (Tencent’s 20016)', async () => {
    const app = await server.newApp({ messaging: { recallLimitSeconds: 120 } });
    const alice = await app.login('alice');
    await app.login('bob');
    const sent = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('x'),
    });
    clock.advance(121_000);
    const error = await alice.fail('recall', { conversationId: sent.conversationId, seq: sent.seq });
    expect(error).toMatchObject({ code: 20016, name: 'RECALL_TIME_LIMIT_EXCEEDED' });
    const history = await alice.ok('history', { conversationId: sent.conversationId });
    expect(history.messages[0]).toMatchObject({ body: text('x') });
    expect(history.messages[0]).not.toHaveProperty('recalled');
  });

  it('with recallLimitSeconds 0 recall is disabled: RECALL_DISABLED at once', async () => {
    const app = await server.newApp({ messaging: { recallLimitSeconds: 0 } });
    const alice = await app.login('alice');
    await app.login('bob');
    const sent = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('x'),
    });
    const error = await alice.fail('recall', { conversationId: sent.conversationId, seq: sent.seq });
    expect(error).toMatchObject({ code: 91053, name: 'RECALL_DISABLED' });
  });

  it('of a seq that does not exist: MESSAGE_NOT_FOUND', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const error = await alice.fail('recall', { conversationId: 'c2c:alice:bob', seq: 42 });
    expect(error).toMatchObject({ code: 91050, name: 'MESSAGE_NOT_FOUND' });
  });

  it('in a conversation of others: NOT_A_PARTICIPANT', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await app.login('carol');
    const sent = await bob.ok('send', {
      to: 'carol',
      random: nextRandom(),
      body: text('x'),
    });
    const error = await alice.fail('recall', { conversationId: sent.conversationId, seq: sent.seq });
    expect(error).toMatchObject({ code: 91051, name: 'NOT_A_PARTICIPANT' });
  });
});
