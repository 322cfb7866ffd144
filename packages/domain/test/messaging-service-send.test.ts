import { createMemoryDedupWindow } from '@parley/storage-embedded';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MessagingService, SendClaims } from '../src/index.ts';
import { createDomainFixture, type DomainFixture, NODE, text } from './support/domain-fixture.ts';
import { START } from './support/doubles.ts';

/** The in-process registry's default node TTL: a node silent this long is gone. */
const NODE_TTL_MS = 30_000;

const CONV = 'c2c:alice:bob';
const SECOND = START / 1000;

let f: DomainFixture;
let messaging: MessagingService;
let sdkAppId: number;

beforeEach(async () => {
  f = createDomainFixture();
  messaging = f.messaging();
  ({ sdkAppId } = await f.newApp({}, ['alice', 'bob', 'carol']));
});
afterEach(() => f.close());

const alice = () => f.actor(sdkAppId, 'alice');
const send = async (random: number, body = text('hi'), to = 'bob') =>
  messaging.send(await alice(), { to, random, body });
const stored = (conversationId = CONV) => f.stores.messages.listAfter(sdkAppId, conversationId, 0, 100, 0);

describe('MessagingService.send', () => {
  it('stores the message, replies with its seq and MsgKey, and pushes it to the recipient and the sender’s other instances', async () => {
    expect(await send(7)).toEqual({ conversationId: CONV, seq: 1, msgKey: `1_7_${SECOND}`, time: START });
    expect(f.pushes.pushes).toEqual([
      {
        sdkAppId,
        targets: [{ userId: 'bob' }, { userId: 'alice', exceptInstanceId: 'alice-1' }],
        push: 'message',
        data: {
          conversationId: CONV,
          seq: 1,
          msgKey: `1_7_${SECOND}`,
          from: 'alice',
          to: 'bob',
          random: 7,
          time: START,
          body: text('hi'),
        },
      },
    ]);
    expect(f.hooks.afterSendCalls.map((c) => [c.message.seq, c.context])).toEqual([
      [1, { clientIp: '203.0.113.7', platform: 'ios' }],
    ]);
    expect((await send(8)).seq).toBe(2);
  });

  it('refuses a message to oneself', async () => {
    await expect(send(1, text('me'), 'alice')).rejects.toMatchObject({ errorName: 'INVALID_REQUEST' });
    expect(await stored('c2c:alice:alice')).toEqual([]);
  });

  it('refuses a body and cloud custom data over 12 KB together', async () => {
    const body = text('x'.repeat(12_000));
    const tooLarge = messaging.send(await alice(), {
      to: 'bob',
      random: 1,
      body,
      cloudCustomData: 'y'.repeat(300),
    });
    await expect(tooLarge).rejects.toMatchObject({ errorName: 'MESSAGE_TOO_LARGE' });
    expect((await send(2, body)).seq).toBe(1);
  });

  it('limits the app to its messages per second, per one-second window', async () => {
    await f.configure(sdkAppId, { plan: { maxMessagesPerSecond: 2 } });
    await send(1);
    await send(2);
    await expect(send(3)).rejects.toMatchObject({ errorName: 'RATE_LIMITED' });
    f.clock.advance(1000);
    expect((await send(4)).seq).toBe(3);
  });

  it('refuses an unknown recipient, then an unknown sender', async () => {
    await expect(send(1, text('?'), 'nobody')).rejects.toMatchObject({
      errorName: 'ACCOUNT_NOT_FOUND',
      message: expect.stringContaining('The recipient does not exist.'),
    });
    const ghost = await f.actor(sdkAppId, 'ghost');
    await expect(messaging.send(ghost, { to: 'bob', random: 1, body: text('?') })).rejects.toMatchObject({
      errorName: 'ACCOUNT_NOT_FOUND',
      message: expect.stringContaining('The sender does not exist.'),
    });
  });

  it('refuses a muted sender until the mute ends', async () => {
    await f.stores.accounts.update(sdkAppId, 'alice', { mutedUntil: START + 60_000 });
    await expect(send(1)).rejects.toMatchObject({ errorName: 'SENDER_MUTED' });
    f.clock.advance(60_000);
    expect((await send(1)).seq).toBe(1);
  });

  describe('when the recipient blocked the sender', () => {
    beforeEach(() => f.stores.relations.addToBlacklist(sdkAppId, 'bob', ['alice'], START));

    it('by default the sender sees a success, and nothing is stored, pushed or called back', async () => {
      expect(await send(9)).toEqual({ conversationId: CONV, seq: 0, msgKey: `0_9_${SECOND}`, time: START });
      expect(await stored()).toEqual([]);
      expect(f.pushes.pushes).toEqual([]);
      expect(f.hooks.beforeSendCalls).toEqual([]);
      expect(f.hooks.afterSendCalls).toEqual([]);
    });

    it('with blockedSenderSees "error" the sender gets BLACKLISTED', async () => {
      await f.configure(sdkAppId, { messaging: { blockedSenderSees: 'error' } });
      await expect(send(9)).rejects.toMatchObject({ errorName: 'BLACKLISTED', code: 20007 });
      expect(await stored()).toEqual([]);
    });

    it('with blacklistCheck off the message is delivered', async () => {
      await f.configure(sdkAppId, { messaging: { blacklistCheck: false } });
      expect((await send(9)).seq).toBe(1);
      expect(f.pushes.pushes.map((p) => p.push)).toEqual(['message']);
    });
  });

  it('with friendshipCheck on, only friends may message each other', async () => {
    await f.configure(sdkAppId, { messaging: { friendshipCheck: true } });
    await expect(send(1)).rejects.toMatchObject({ errorName: 'NOT_FRIENDS' });
    await f.stores.relations.addFriends(sdkAppId, 'alice', 'bob', START);
    expect((await send(1)).seq).toBe(1);
  });

  describe('the before-send hook', () => {
    it('sees the outgoing message with the sender’s address and platform; allow stores it unchanged', async () => {
      const actor = await alice();
      await messaging.send(actor, { to: 'bob', random: 5, body: text('hi'), cloudCustomData: 'cd' });
      expect(f.hooks.beforeSendCalls).toEqual([
        {
          from: 'alice',
          to: 'bob',
          random: 5,
          time: START,
          body: text('hi'),
          cloudCustomData: 'cd',
          clientIp: '203.0.113.7',
          platform: 'ios',
        },
      ]);
      expect((await stored()).map((m) => [m.body, m.cloudCustomData])).toEqual([[text('hi'), 'cd']]);
    });

    it('modify: the body and cloud custom data it returns are stored and pushed', async () => {
      f.hooks.verdict = { action: 'allow', body: text('***'), cloudCustomData: 'checked' };
      await send(5, text('rude'));
      expect((await stored()).map((m) => [m.body, m.cloudCustomData])).toEqual([[text('***'), 'checked']]);
      expect(f.pushes.pushes[0]?.data).toMatchObject({ body: text('***'), cloudCustomData: 'checked' });
    });

    it('modify: a body it makes too large is refused and nothing is stored', async () => {
      f.hooks.verdict = { action: 'allow', body: text('x'.repeat(13_000)) };
      await expect(send(5)).rejects.toMatchObject({ errorName: 'MESSAGE_TOO_LARGE' });
      expect(await stored()).toEqual([]);
    });

    it('reject: the send fails with its error, app code and detail, and a retry of the random may proceed', async () => {
      f.hooks.verdict = {
        action: 'reject',
        error: 'BLOCKED_BY_CALLBACK',
        code: 120_001,
        detail: 'No links.',
      };
      const rejected = send(5);
      await expect(rejected).rejects.toMatchObject({
        errorName: 'BLOCKED_BY_CALLBACK',
        code: 120_001,
        message: 'The app’s before-send callback rejected the message. No links.',
      });
      expect(await stored()).toEqual([]);
      f.hooks.verdict = { action: 'allow' };
      expect((await send(5)).seq).toBe(1);
    });

    it('drop: the sender sees a success, and nothing is stored, pushed or called back', async () => {
      f.hooks.verdict = { action: 'drop' };
      expect(await send(6)).toEqual({ conversationId: CONV, seq: 0, msgKey: `0_6_${SECOND}`, time: START });
      expect(await stored()).toEqual([]);
      expect(f.pushes.pushes).toEqual([]);
      expect(f.hooks.afterSendCalls).toEqual([]);
    });
  });

  describe('dedup by random', () => {
    /** Alice's "hi" to Bob with random 42, as a send at START stores it. */
    const storedHi = () => ({
      sdkAppId,
      conversationId: CONV,
      from: 'alice',
      to: 'bob',
      random: 42,
      time: START,
      body: text('hi'),
    });

    it('a resend returns the original reply and stores and pushes nothing more', async () => {
      const first = await send(42);
      f.clock.advance(2_000);
      expect(await send(42, text('again'))).toEqual(first);
      expect((await stored()).length).toBe(1);
      expect(f.pushes.pushes.length).toBe(1);
      expect(f.hooks.beforeSendCalls.length).toBe(1);
    });

    it('the same random to another recipient is another message', async () => {
      await send(42);
      expect(await send(42, text('hi'), 'carol')).toMatchObject({
        conversationId: 'c2c:alice:carol',
        seq: 1,
      });
    });

    it('a resend while the first is in flight gets DUPLICATE_IN_FLIGHT, and the first completes', async () => {
      const release = f.hooks.hold();
      const first = send(42);
      await expect.poll(() => f.hooks.beforeSendCalls.length).toBe(1);
      await expect(send(42)).rejects.toMatchObject({ errorName: 'DUPLICATE_IN_FLIGHT', code: 91070 });
      release();
      expect(await first).toMatchObject({ seq: 1 });
    });

    it('a resend whose claim another live node holds: the original reply if stored, else DUPLICATE_IN_FLIGHT', async () => {
      await f.registry.heartbeat('node-b');
      // node-b's claim: taken, not completed (it stored the message but has not answered yet).
      await f.claims('node-b').claim(`${sdkAppId}:alice:bob:42`);
      const original = await f.stores.log.append(storedHi());
      expect(await send(42)).toEqual({ conversationId: CONV, seq: 1, msgKey: original.msgKey, time: START });
      expect((await stored()).length).toBe(1);
      // Not stored yet under another random: still in flight on node-b.
      await f.claims('node-b').claim(`${sdkAppId}:alice:bob:43`);
      await expect(send(43)).rejects.toMatchObject({ errorName: 'DUPLICATE_IN_FLIGHT' });
    });

    it('a claim held by a node whose liveness lapsed is taken over: the message is stored once, at once', async () => {
      await f.registry.heartbeat('node-b');
      await f.claims('node-b').claim(`${sdkAppId}:alice:bob:42`);
      await f.claims('node-b').claim(`${sdkAppId}:alice:bob:43`);
      // node-b stored 42 before it died, not 43.
      const original = await f.stores.log.append(storedHi());
      f.clock.advance(NODE_TTL_MS + 1);
      expect(await send(42)).toEqual({ conversationId: CONV, seq: 1, msgKey: original.msgKey, time: START });
      const resent = await send(43, text('x'));
      expect(resent).toMatchObject({ seq: 2 });
      expect((await stored()).map((m) => m.random)).toEqual([42, 43]);
      // The claim is ours and done: node-b back from the dead (or a third node) gets the reply, not a second store.
      expect(await f.claims('node-b').claim(`${sdkAppId}:alice:bob:43`)).toEqual({
        state: 'done',
        value: JSON.stringify(resent),
      });
    });

    it('a resend after the window was lost replays the stored message and repairs its conversation entries', async () => {
      // The message row is stored but its entries are not (a node died between the two writes on MongoDB).
      const original = await f.stores.messages.append(storedHi());
      expect(await f.stores.conversations.get(sdkAppId, 'bob', CONV)).toBeUndefined();
      f.clock.advance(60_000);
      const claims = new SendClaims({
        dedup: createMemoryDedupWindow({ clock: f.clock }),
        sessions: f.registry,
        nodeId: NODE,
      });
      const restarted = f.messaging({ claims });
      expect(await restarted.send(await alice(), { to: 'bob', random: 42, body: text('hi') })).toEqual({
        conversationId: CONV,
        seq: 1,
        msgKey: original.msgKey,
        time: START,
      });
      expect(await f.stores.conversations.get(sdkAppId, 'bob', CONV)).toMatchObject({
        lastSeq: 1,
        unread: 1,
        peer: 'alice',
      });
      expect(await f.stores.conversations.get(sdkAppId, 'alice', CONV)).toMatchObject({
        lastSeq: 1,
        unread: 0,
      });
      expect((await stored()).length).toBe(1);
      expect(f.pushes.pushes).toEqual([]);
    });

    it('the same random after the five-minute window is a new message', async () => {
      await send(42);
      f.clock.advance(5 * 60_000 + 1);
      expect(await send(42)).toMatchObject({ seq: 2, time: START + 5 * 60_000 + 1 });
    });
  });
});
