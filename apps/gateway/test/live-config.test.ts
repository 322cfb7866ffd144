import { nextRandom, sendText, text } from '@parley/testing/kit';
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

describe('a configuration change applies to live sessions without a reconnect', () => {
  it('a lower messaging.recallLimitSeconds refuses the next recall on the same socket', async () => {
    const app = await server.newApp({ messaging: { recallLimitSeconds: 600 } });
    const alice = await app.login('alice');
    await app.login('bob');
    const first = await sendText(alice, 'bob', 'one');
    const second = await sendText(alice, 'bob', 'two');
    clock.advance(60_000);
    await alice.ok('recall', { conversationId: first.conversationId, seq: first.seq });

    await app.configure({ messaging: { recallLimitSeconds: 30 } });
    const error = await alice.fail('recall', { conversationId: second.conversationId, seq: second.seq });
    expect(error).toMatchObject({ code: 20016, name: 'RECALL_TIME_LIMIT_EXCEEDED' });
  });

  it('turning messaging.friendshipCheck on refuses the next send on the same socket', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    await sendText(alice, 'bob', 'before');
    await app.configure({ messaging: { friendshipCheck: true } });
    const error = await alice.fail('send', { to: 'bob', random: nextRandom(), body: text('after') });
    expect(error).toMatchObject({ code: 20009, name: 'NOT_FRIENDS' });
  });

  it('a lower plan.maxMessagesPerSecond applies to the next sends', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    await sendText(alice, 'bob', 'before');
    await app.configure({ plan: { maxMessagesPerSecond: 1 } });
    const replies = await Promise.all(
      Array.from({ length: 4 }, () =>
        alice.request('send', { to: 'bob', random: nextRandom(), body: text('x') }),
      ),
    );
    expect(replies.some((r) => !r.ok && r.error.name === 'RATE_LIMITED')).toBe(true);
  });

  it('disabling the app kicks its live sessions (`kicked` app-unavailable, close 4004); other apps stay', async () => {
    const app = await server.newApp();
    const other = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const carol = await other.login('carol');
    await app.setStatus('disabled');
    for (const session of [alice, bob]) {
      expect(await session.nextPush('kicked')).toEqual({ reason: 'app-unavailable' });
      expect(await session.waitClosed()).toEqual({ code: 4004, reason: 'app disabled or terminated' });
    }
    await carol.barrier();
    expect(carol.isOpen).toBe(true);

    await app.setStatus('active');
    const back = await app.login('alice');
    expect(back.login.userId).toBe('alice');
  });

  it('terminating the app kicks its live sessions too', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.terminate();
    expect(await alice.nextPush('kicked')).toEqual({ reason: 'app-unavailable' });
    expect((await alice.waitClosed()).code).toBe(4004);
  });

  it('a rotated secret key keeps live sessions but refuses new logins with old UserSigs', async () => {
    const app = await server.newApp();
    const oldSig = app.sig('alice');
    const alice = await app.login('alice');
    await app.rotateSecret();
    await alice.barrier();
    expect(alice.isOpen).toBe(true);
    const socket = await app.open();
    const error = await socket.fail('login', { ...app.loginData('alice'), userSig: oldSig });
    expect(error.code).toBe(70009);
  });
});

describe('a configuration change is not retroactive', () => {
  it('a message stored before friendshipCheck was turned on stays readable', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const sent = await sendText(alice, 'bob', 'kept');
    await app.configure({ messaging: { friendshipCheck: true } });
    const sync = await bob.ok('sync', {
      conversationId: sent.conversationId,
      afterSeq: 0,
    });
    expect(sync.messages.map((m) => m.body)).toEqual([text('kept')]);
  });
});
