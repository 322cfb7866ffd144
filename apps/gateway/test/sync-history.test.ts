import { sendText, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';
import { type ManualClock, manualClock } from './support/manual-clock.ts';

const DAY_MS = 86_400_000;

let server: GatewayFixture;
let clock: ManualClock;
beforeAll(async () => {
  clock = manualClock();
  server = await startGateway({ clock });
});
afterAll(() => server.close());

const seqs = (messages: { seq: number }[]) => messages.map((m) => m.seq);

describe('sync', () => {
  it('returns the messages after a seq in order, without gaps, paging with complete=false', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    for (let i = 1; i <= 7; i += 1) await sendText(i % 2 ? alice : bob, i % 2 ? 'bob' : 'alice', `m${i}`);
    const conversationId = 'c2c:alice:bob';

    const page1 = await bob.ok('sync', { conversationId, afterSeq: 0, limit: 3 });
    expect(seqs(page1.messages)).toEqual([1, 2, 3]);
    expect(page1).toMatchObject({ complete: false, lastSeq: 7 });
    const page2 = await bob.ok('sync', { conversationId, afterSeq: 3, limit: 3 });
    expect(seqs(page2.messages)).toEqual([4, 5, 6]);
    expect(page2.complete).toBe(false);
    const page3 = await bob.ok('sync', { conversationId, afterSeq: 6, limit: 3 });
    expect(seqs(page3.messages)).toEqual([7]);
    expect(page3).toMatchObject({ complete: true, lastSeq: 7 });
    expect(page3.messages[0]).toMatchObject({ from: 'alice', to: 'bob', body: text('m7') });

    const upToDate = await bob.ok('sync', { conversationId, afterSeq: 7 });
    expect(upToDate).toEqual({ messages: [], lastSeq: 7, complete: true });
  });

  it('recovers what a client missed while offline: login lists lastSeq, sync fills the gap', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await sendText(alice, 'bob', 'seen');
    const seen = await bob.nextPush('message');
    bob.close();
    await bob.waitClosed();
    await sendText(alice, 'bob', 'missed 1');
    await sendText(alice, 'bob', 'missed 2');

    const back = await app.login('bob');
    const known = back.login.conversations.find((c) => c.conversationId === seen.conversationId);
    expect(known?.lastSeq).toBe(3);
    const gap = await back.ok('sync', { conversationId: seen.conversationId, afterSeq: seen.seq });
    expect(gap.messages.map((m) => m.body)).toEqual([text('missed 1'), text('missed 2')]);
    expect(gap.complete).toBe(true);
  });

  it('refuses a conversation the user is not part of with NOT_A_PARTICIPANT', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const error = await alice.fail('sync', { conversationId: 'c2c:bob:carol', afterSeq: 0 });
    expect(error).toMatchObject({ code: 91051, name: 'NOT_A_PARTICIPANT' });
    expect((await alice.fail('history', { conversationId: 'c2c:bob:carol' })).code).toBe(91051);
    expect((await alice.fail('read', { conversationId: 'c2c:bob:carol', seq: 1 })).code).toBe(91051);
  });
});

describe('history', () => {
  it('returns the newest messages first and pages back with beforeSeq', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    for (let i = 1; i <= 7; i += 1) await sendText(alice, 'bob', `m${i}`);
    const conversationId = 'c2c:alice:bob';

    const page1 = await alice.ok('history', { conversationId, limit: 3 });
    expect(seqs(page1.messages)).toEqual([7, 6, 5]);
    expect(page1.complete).toBe(false);
    const page2 = await alice.ok('history', { conversationId, beforeSeq: 5, limit: 3 });
    expect(seqs(page2.messages)).toEqual([4, 3, 2]);
    expect(page2.complete).toBe(false);
    const page3 = await alice.ok('history', { conversationId, beforeSeq: 2, limit: 3 });
    expect(seqs(page3.messages)).toEqual([1]);
    expect(page3.complete).toBe(true);
    expect(page3.messages[0]?.body).toEqual(text('m1'));
  });

  it('defaults to the 20 newest', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    await Promise.all(Array.from({ length: 25 }, (_, i) => sendText(alice, 'bob', `m${i}`)));
    const page = await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(seqs(page.messages)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
    expect(page.complete).toBe(false);
  });
});

describe('retention (messaging.historyRetentionDays)', () => {
  it('sync, history and the conversation list hide messages older than the retention period', async () => {
    const app = await server.newApp({ messaging: { historyRetentionDays: 7 } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const conversationId = 'c2c:alice:bob';
    await sendText(alice, 'bob', 'old');
    clock.advance(6 * DAY_MS);
    await sendText(alice, 'bob', 'recent');
    clock.advance(2 * DAY_MS);

    const sync = await bob.ok('sync', { conversationId, afterSeq: 0 });
    expect(sync.messages.map((m) => m.body)).toEqual([text('recent')]);
    expect(sync).toMatchObject({ lastSeq: 2, complete: true });
    const history = await bob.ok('history', { conversationId });
    expect(history.messages.map((m) => m.body)).toEqual([text('recent')]);
    expect(history.complete).toBe(true);

    clock.advance(6 * DAY_MS);
    const empty = await bob.ok('sync', { conversationId, afterSeq: 0 });
    expect(empty.messages).toEqual([]);
    expect((await bob.ok('history', { conversationId })).messages).toEqual([]);
    const { conversations } = await bob.ok('conversations');
    expect(conversations.find((c) => c.conversationId === conversationId)?.lastMessage).toBeNull();
  });

  it('a longer retention keeps them', async () => {
    const app = await server.newApp({ messaging: { historyRetentionDays: 30 } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await sendText(alice, 'bob', 'kept');
    clock.advance(8 * DAY_MS);
    const sync = await bob.ok('sync', { conversationId: 'c2c:alice:bob', afterSeq: 0 });
    expect(sync.messages.map((m) => m.body)).toEqual([text('kept')]);
  });
});
