import type { MessageElement, WireMessage } from '@parley/protocol';
import { nextRandom, sendText, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('send', () => {
  it('answers with conversationId, seq, msgKey and time', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const random = nextRandom();
    const before = Date.now();
    const reply = await alice.ok('send', { to: 'bob', random, body: text('hi') });
    expect(reply).toEqual({
      conversationId: 'c2c:alice:bob',
      seq: 1,
      msgKey: `1_${random}_${Math.floor(reply.time / 1000)}`,
      time: expect.any(Number),
    });
    expect(reply.time).toBeGreaterThanOrEqual(before);
  });

  it('pushes the message to every session of the recipient and to the sender’s other sessions only', async () => {
    const app = await server.newApp({ multiLogin: { policy: 'multi-platform' } });
    const aliceWeb = await app.login('alice', { platform: 'web' });
    const aliceAndroid = await app.login('alice', { platform: 'android' });
    const bobIos = await app.login('bob', { platform: 'ios' });
    const bobMac = await app.login('bob', { platform: 'mac' });
    const random = nextRandom();
    const reply = await aliceWeb.ok('send', {
      to: 'bob',
      random,
      body: text('to all of you'),
      cloudCustomData: '{"k":1}',
    });
    const expected: WireMessage = {
      conversationId: 'c2c:alice:bob',
      seq: reply.seq,
      msgKey: reply.msgKey,
      from: 'alice',
      to: 'bob',
      random,
      time: reply.time,
      body: text('to all of you'),
      cloudCustomData: '{"k":1}',
    };
    expect(await bobIos.nextPush('message')).toEqual(expected);
    expect(await bobMac.nextPush('message')).toEqual(expected);
    expect(await aliceAndroid.nextPush('message')).toEqual(expected);
    // A push to the sending socket would have been written before its reply; the barrier makes sure.
    await aliceWeb.barrier();
    expect(aliceWeb.pushesNamed('message')).toEqual([]);
  });

  it('numbers messages per conversation from 1, whoever sends', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await app.login('carol');
    expect((await sendText(alice, 'bob', '1')).seq).toBe(1);
    expect((await sendText(alice, 'bob', '2')).seq).toBe(2);
    expect((await sendText(bob, 'alice', '3')).seq).toBe(3);
    expect((await sendText(alice, 'carol', '1')).seq).toBe(1);
    expect((await sendText(bob, 'alice', '4')).seq).toBe(4);
  });

  it('keeps the order of pipelined sends of one socket in their seqs and pushes', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => sendText(alice, 'bob', `m${i}`)));
    expect(replies.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (let i = 0; i < 20; i += 1) {
      const push = await bob.nextPush('message');
      expect(push).toMatchObject({ seq: i + 1, body: text(`m${i}`) });
    }
  });

  it('round-trips every element type unchanged (push and history)', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const url = 'https://cdn.example.com/f';
    const body: MessageElement[] = [
      { MsgType: 'TIMTextElem', MsgContent: { Text: 'héllo 👋' } },
      { MsgType: 'TIMCustomElem', MsgContent: { Data: '{"x":1}', Desc: 'd', Ext: 'e', Sound: 's' } },
      { MsgType: 'TIMFaceElem', MsgContent: { Index: 3, Data: 'smile' } },
      { MsgType: 'TIMLocationElem', MsgContent: { Desc: 'Shenzhen', Latitude: 22.54, Longitude: 114.06 } },
      {
        MsgType: 'TIMImageElem',
        MsgContent: {
          UUID: 'img-1',
          ImageFormat: 1,
          ImageInfoArray: [{ Type: 1, Size: 1024, Width: 640, Height: 480, URL: `${url}/1.jpg` }],
        },
      },
      {
        MsgType: 'TIMSoundElem',
        MsgContent: { Url: `${url}/a.m4a`, UUID: 's1', Size: 99, Second: 3, Download_Flag: 2 },
      },
      {
        MsgType: 'TIMFileElem',
        MsgContent: { Url: `${url}/f.pdf`, FileSize: 1000, FileName: 'f.pdf', Download_Flag: 2 },
      },
      {
        MsgType: 'TIMVideoFileElem',
        MsgContent: {
          VideoUrl: `${url}/v.mp4`,
          VideoSize: 10,
          VideoSecond: 2,
          VideoFormat: 'mp4',
          ThumbUrl: `${url}/t.jpg`,
          ThumbSize: 5,
          ThumbWidth: 64,
          ThumbHeight: 48,
          ThumbFormat: 'jpg',
        },
      },
    ];
    const reply = await alice.ok('send', { to: 'bob', random: nextRandom(), body });
    expect((await bob.nextPush('message')).body).toEqual(body);
    const history = await bob.ok('history', { conversationId: reply.conversationId });
    expect(history.messages[0]?.body).toEqual(body);
  });

  it('refuses a body over 12 KB with MESSAGE_TOO_LARGE, counting cloudCustomData', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const big = await alice.fail('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('x'.repeat(13 * 1024)),
    });
    expect(big).toMatchObject({ code: 80002, name: 'MESSAGE_TOO_LARGE' });
    const together = await alice.fail('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('x'.repeat(7 * 1024)),
      cloudCustomData: 'y'.repeat(6 * 1024),
    });
    expect(together.code).toBe(80002);
    const history = await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(history.messages).toEqual([]);
  });

  it('refuses a message to oneself with INVALID_REQUEST', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const error = await alice.fail('send', { to: 'alice', random: nextRandom(), body: text('me') });
    expect(error).toMatchObject({ code: 20001, name: 'INVALID_REQUEST' });
  });

  it('refuses a message to an account that does not exist with ACCOUNT_NOT_FOUND', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const error = await alice.fail('send', { to: 'nobody', random: nextRandom(), body: text('?') });
    expect(error).toMatchObject({ code: 20003, name: 'ACCOUNT_NOT_FOUND' });
  });

  it('delivers to an imported account that never logged in (it finds the message by sync)', async () => {
    const app = await server.newApp();
    await app.importAccounts(['offline']);
    const alice = await app.login('alice');
    const sent = await sendText(alice, 'offline', 'see you later');
    const offline = await app.login('offline');
    expect(offline.login.conversations).toEqual([{ conversationId: sent.conversationId, lastSeq: 1 }]);
    const sync = await offline.ok('sync', {
      conversationId: sent.conversationId,
      afterSeq: 0,
    });
    expect(sync.messages.map((m) => m.body)).toEqual([text('see you later')]);
  });
});

describe('send: blacklist, friendship, mute and rate rules', () => {
  it('a blocked sender is told success (seq 0) and nothing is delivered or stored, by default', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await bob.ok('blacklist.add', { userIds: ['alice'] });
    const reply = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('hey'),
    });
    expect(reply).toMatchObject({ conversationId: 'c2c:alice:bob', seq: 0 });
    await bob.barrier();
    expect(bob.pushesNamed('message')).toEqual([]);
    const history = await bob.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(history.messages).toEqual([]);
    // Bob may still write to alice: the block is one-way.
    expect((await sendText(bob, 'alice', 'I can')).seq).toBe(1);
  });

  it('with messaging.blockedSenderSees "error" the blocked sender gets BLACKLISTED', async () => {
    const app = await server.newApp({ messaging: { blockedSenderSees: 'error' } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await bob.ok('blacklist.add', { userIds: ['alice'] });
    const error = await alice.fail('send', { to: 'bob', random: nextRandom(), body: text('hey') });
    expect(error).toMatchObject({ code: 20007, name: 'BLACKLISTED' });
  });

  it('with messaging.blacklistCheck off a blocked sender’s message is delivered', async () => {
    const app = await server.newApp({ messaging: { blacklistCheck: false } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await bob.ok('blacklist.add', { userIds: ['alice'] });
    const reply = await sendText(alice, 'bob', 'through');
    expect(reply.seq).toBe(1);
    expect((await bob.nextPush('message')).seq).toBe(1);
  });

  it('with messaging.friendshipCheck on only friends may message: NOT_FRIENDS, then works after friend.add', async () => {
    const app = await server.newApp({
      messaging: { friendshipCheck: true },
      friends: { defaultAddVerification: 'allow-any' },
    });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const error = await alice.fail('send', { to: 'bob', random: nextRandom(), body: text('hi') });
    expect(error).toMatchObject({ code: 20009, name: 'NOT_FRIENDS' });
    await alice.ok('friend.add', { to: 'bob' });
    expect((await sendText(alice, 'bob', 'hi friend')).seq).toBe(1);
    expect((await bob.nextPush('message')).body).toEqual(text('hi friend'));
  });

  it('a muted sender gets SENDER_MUTED until unmuted', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    await app.updateAccount('alice', { mutedUntil: Date.now() + 3_600_000 });
    const error = await alice.fail('send', { to: 'bob', random: nextRandom(), body: text('hi') });
    expect(error).toMatchObject({ code: 20012, name: 'SENDER_MUTED' });
    await app.updateAccount('alice', { mutedUntil: null });
    expect((await sendText(alice, 'bob', 'free')).seq).toBe(1);
  });

  it('past plan.maxMessagesPerSecond sends fail with RATE_LIMITED and nothing is stored for them', async () => {
    const app = await server.newApp({ plan: { maxMessagesPerSecond: 2 } });
    const alice = await app.login('alice');
    await app.login('bob');
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        alice.request('send', { to: 'bob', random: nextRandom(), body: text(`m${i}`) }),
      ),
    );
    const limited = replies.filter((r) => !r.ok);
    const sent = replies.filter((r) => r.ok);
    expect(limited.length).toBeGreaterThan(0);
    for (const reply of limited)
      if (!reply.ok) expect(reply.error).toMatchObject({ code: 91030, name: 'RATE_LIMITED' });
    const history = await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(history.messages).toHaveLength(sent.length);
  });
});
