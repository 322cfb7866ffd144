import type { WireMessage } from '@parley/protocol';
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

/** The messages that are not group tips (joins, mutes and the like are stored as messages too). */
const textOnly = (messages: WireMessage[]) =>
  messages.filter((m) => m.body.every((e) => e.MsgType !== 'TIMGroupTipElem'));

describe('group messages over the socket', () => {
  it('sync and history page through a group; a resend with the same random is not stored twice', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const { group } = await alice.ok('group.create', { type: 'Work', name: 'w', members: ['bob'] });
    const random = nextRandom();
    const first = await alice.ok('group.send', { groupId: group.groupId, random, body: text('one') });
    const resent = await alice.ok('group.send', { groupId: group.groupId, random, body: text('one') });
    expect(resent).toEqual(first);
    await alice.ok('group.send', { groupId: group.groupId, random: nextRandom(), body: text('two') });

    const sync = await bob.ok('group.sync', { groupId: group.groupId, afterSeq: 0 });
    expect(textOnly(sync.messages).map((m) => m.body)).toEqual([text('one'), text('two')]);
    expect(sync.complete).toBe(true);
    const history = await bob.ok('group.history', { groupId: group.groupId, limit: 1 });
    expect(history.messages.map((m) => m.body)).toEqual([text('two')]);
  });

  it('sends pipelined on one socket are stored in the order they were sent', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const { group } = await alice.ok('group.create', { type: 'Meeting', name: 'm' });
    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        alice.ok('group.send', { groupId: group.groupId, random: nextRandom(), body: text(`m${i}`) }),
      ),
    );
    const seqs = sent.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const sync = await alice.ok('group.sync', { groupId: group.groupId, afterSeq: 0 });
    expect(textOnly(sync.messages).map((m) => m.body)).toEqual(sent.map((_, i) => text(`m${i}`)));
  });

  it('recall: the sender within the limit, pushed to members; errors by Tencent’s codes', async () => {
    const app = await server.newApp({ messaging: { recallLimitSeconds: 120 } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const { group } = await alice.ok('group.create', { type: 'Work', name: 'w', members: ['bob'] });
    const sent = await alice.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('x'),
    });
    await alice.ok('group.recall', { groupId: group.groupId, seq: sent.seq });
    expect(await bob.nextPush('groupRecalled')).toEqual({
      groupId: group.groupId,
      seq: sent.seq,
      by: 'alice',
    });

    const missing = await alice.fail('group.recall', { groupId: group.groupId, seq: 999 });
    expect(missing).toMatchObject({ code: 10030, name: 'GROUP_MESSAGE_NOT_FOUND' });
    const old = await bob.ok('group.send', { groupId: group.groupId, random: nextRandom(), body: text('y') });
    clock.advance(121_000);
    const late = await bob.fail('group.recall', { groupId: group.groupId, seq: old.seq });
    expect(late).toMatchObject({ code: 10031, name: 'GROUP_RECALL_TIME_LIMIT' });

    const { group: live } = await alice.ok('group.create', { type: 'AVChatRoom', name: 'live' });
    const said = await alice.ok('group.send', {
      groupId: live.groupId,
      random: nextRandom(),
      body: text('z'),
    });
    const unsupported = await alice.fail('group.recall', { groupId: live.groupId, seq: said.seq });
    expect(unsupported).toMatchObject({ code: 10033, name: 'GROUP_RECALL_UNSUPPORTED' });
  });

  it('recall switched off by the app: GROUP_RECALL_DISABLED', async () => {
    const app = await server.newApp({ messaging: { recallLimitSeconds: 0 } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const { group } = await alice.ok('group.create', { type: 'Work', name: 'w', members: ['bob'] });
    const sent = await bob.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('x'),
    });
    const error = await bob.fail('group.recall', { groupId: group.groupId, seq: sent.seq });
    expect(error).toMatchObject({ code: 10041, name: 'GROUP_RECALL_DISABLED' });
  });

  it('mute: a muted member and a muted group cannot send; too many mentions are refused', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const { group } = await alice.ok('group.create', { type: 'Public', name: 'p', members: ['bob'] });
    await alice.ok('group.setMember', { groupId: group.groupId, userId: 'bob', muteSeconds: 60 });
    const muted = await bob.fail('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('x'),
    });
    expect(muted).toMatchObject({ code: 10017, name: 'GROUP_MEMBER_MUTED' });
    await alice.ok('group.setMember', { groupId: group.groupId, userId: 'bob', muteSeconds: 0 });
    await alice.ok('group.muteAll', { groupId: group.groupId, muted: true });
    const all = await bob.fail('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('x'),
    });
    expect(all).toMatchObject({ code: 10017 });
    await alice.ok('group.muteAll', { groupId: group.groupId, muted: false });

    const mentions = Array.from({ length: 31 }, (_, i) => `u${i}`);
    const tooMany = await bob.fail('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('@all of you'),
      mentions,
    });
    expect(tooMany).toMatchObject({ code: 10053, name: 'GROUP_TOO_MANY_MENTIONS' });
    await bob.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('ok'),
      mentions: ['alice'],
    });
  });

  it('a group takes at most 40 messages a second: the rest fail with GROUP_RATE_LIMITED', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const { group } = await alice.ok('group.create', { type: 'Meeting', name: 'm' });
    const replies = await Promise.all(
      Array.from({ length: 100 }, () =>
        alice.request('group.send', { groupId: group.groupId, random: nextRandom(), body: text('x') }),
      ),
    );
    const codes = replies.map((r) => (r.ok ? 0 : r.error.code));
    expect(codes.filter((c) => c === 10023).length).toBeGreaterThan(0);
    expect(codes.filter((c) => c !== 0 && c !== 10023)).toEqual([]);
  });

  it('receipts and readers: who has read a message; the reader’s other devices learn the read position', async () => {
    const app = await server.newApp({ multiLogin: { policy: 'multi-platform' } });
    const alice = await app.login('alice');
    const bob = await app.login('bob', { platform: 'web' });
    const bobMac = await app.login('bob', { platform: 'mac' });
    await app.importAccounts(['carol']);
    const { group } = await alice.ok('group.create', { type: 'Work', name: 'w', members: ['bob', 'carol'] });
    const sent = await alice.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('x'),
    });
    await bob.ok('group.read', { groupId: group.groupId, seq: sent.seq });
    expect(await bobMac.nextPush('groupRead')).toEqual({
      groupId: group.groupId,
      by: 'bob',
      readSeq: sent.seq,
    });
    const receipts = await alice.ok('group.receipts', { groupId: group.groupId, seqs: [sent.seq] });
    expect(receipts.receipts).toEqual([{ seq: sent.seq, readCount: 1, unreadCount: 1 }]);
    const readers = await alice.ok('group.readers', { groupId: group.groupId, seq: sent.seq });
    expect(readers.userIds).toEqual(['bob']);
  });
});
