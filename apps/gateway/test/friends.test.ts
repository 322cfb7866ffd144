import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

const allowAny = { friends: { defaultAddVerification: 'allow-any' } };

describe('friend.add', () => {
  it('with allow-any makes them friends at once and both get `friendAdded`', async () => {
    const app = await server.newApp(allowAny);
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    expect(await alice.ok('friend.add', { to: 'bob' })).toEqual({ userId: 'bob', relation: 'friends' });
    expect(await alice.nextPush('friendAdded')).toEqual({ userId: 'bob' });
    expect(await bob.nextPush('friendAdded')).toEqual({ userId: 'alice' });
    const check = await bob.ok('friend.check', { userIds: ['alice'] });
    expect(check.results).toEqual([{ userId: 'alice', relation: 'friends' }]);
    // Adding an existing friend again is a no-op success.
    expect(await alice.ok('friend.add', { to: 'bob' })).toEqual({ userId: 'bob', relation: 'friends' });
  });

  it('with need-confirm (the default) answers FRIEND_REQUEST_PENDING, pushes `friendRequest`, and accept makes friends', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const error = await alice.fail('friend.add', { to: 'bob', wording: 'hi, it’s alice' });
    expect(error).toMatchObject({ code: 30539, name: 'FRIEND_REQUEST_PENDING' });
    expect(await bob.nextPush('friendRequest')).toEqual({ from: 'alice', wording: 'hi, it’s alice' });
    expect((await alice.ok('friend.check', { userIds: ['bob'] })).results).toEqual([
      { userId: 'bob', relation: 'request-sent' },
    ]);
    expect((await bob.ok('friend.check', { userIds: ['alice'] })).results).toEqual([
      { userId: 'alice', relation: 'request-received' },
    ]);

    expect(await bob.ok('friend.respond', { from: 'alice', accept: true })).toEqual({
      userId: 'alice',
      relation: 'friends',
    });
    expect(await alice.nextPush('friendAdded')).toEqual({ userId: 'bob' });
    expect(await bob.nextPush('friendAdded')).toEqual({ userId: 'alice' });
    const list = await alice.ok('friend.list');
    expect(list.friends).toEqual([{ userId: 'bob', since: expect.any(Number) }]);
  });

  it('a declined request leaves them strangers; responding again finds no request', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await alice.fail('friend.add', { to: 'bob' });
    expect(await bob.ok('friend.respond', { from: 'alice', accept: false })).toEqual({
      userId: 'alice',
      relation: 'none',
    });
    expect((await alice.ok('friend.check', { userIds: ['bob'] })).results).toEqual([
      { userId: 'bob', relation: 'none' },
    ]);
    const error = await bob.fail('friend.respond', { from: 'alice', accept: true });
    expect(error).toMatchObject({ code: 91040, name: 'NO_PENDING_REQUEST' });
  });

  it('two requests crossing make them friends', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await alice.fail('friend.add', { to: 'bob' });
    expect(await bob.ok('friend.add', { to: 'alice' })).toEqual({ userId: 'alice', relation: 'friends' });
    expect(await alice.nextPush('friendAdded')).toEqual({ userId: 'bob' });
  });

  it('with deny-any answers FRIEND_ADD_DENIED', async () => {
    const app = await server.newApp({ friends: { defaultAddVerification: 'deny-any' } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const error = await alice.fail('friend.add', { to: 'bob' });
    expect(error).toMatchObject({ code: 30516, name: 'FRIEND_ADD_DENIED' });
    await bob.barrier();
    expect(bob.pushesNamed('friendRequest')).toEqual([]);
  });

  it('a user’s own addVerification overrides the app default', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    await app.login('carol');
    await app.updateAccount('bob', { addVerification: 'allow-any' });
    await app.updateAccount('carol', { addVerification: 'deny-any' });
    expect(await alice.ok('friend.add', { to: 'bob' })).toEqual({ userId: 'bob', relation: 'friends' });
    expect((await alice.fail('friend.add', { to: 'carol' })).code).toBe(30516);

    const open = await server.newApp(allowAny);
    const dave = await open.login('dave');
    await open.login('erin');
    await open.updateAccount('erin', { addVerification: 'need-confirm' });
    expect((await dave.fail('friend.add', { to: 'erin' })).code).toBe(30539);
  });

  it('to a user who blocked the requester answers BLACKLISTED_BY_TARGET', async () => {
    const app = await server.newApp(allowAny);
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await bob.ok('blacklist.add', { userIds: ['alice'] });
    const error = await alice.fail('friend.add', { to: 'bob' });
    expect(error).toMatchObject({ code: 30525, name: 'BLACKLISTED_BY_TARGET' });
  });

  it('from a user who blocked the target is refused too (Tencent: neither side may request while one blocks)', async () => {
    const app = await server.newApp(allowAny);
    const alice = await app.login('alice');
    await app.login('bob');
    await alice.ok('blacklist.add', { userIds: ['bob'] });
    expect(await alice.fail('friend.add', { to: 'bob' })).toMatchObject({
      code: 30515,
      name: 'TARGET_IN_OWN_BLACKLIST',
    });
    expect((await alice.ok('friend.list')).friends).toEqual([]);
  });

  it('to an unknown account answers ACCOUNT_NOT_FOUND, to oneself INVALID_REQUEST', async () => {
    const app = await server.newApp(allowAny);
    const alice = await app.login('alice');
    expect((await alice.fail('friend.add', { to: 'ghost' })).code).toBe(20003);
    expect((await alice.fail('friend.add', { to: 'alice' })).code).toBe(20001);
  });
});

describe('friend.delete, friend.list, friend.check', () => {
  it('delete ends the friendship for both and pushes `friendDeleted` to the other', async () => {
    const app = await server.newApp(allowAny);
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await app.login('carol');
    await alice.ok('friend.add', { to: 'bob' });
    await alice.ok('friend.add', { to: 'carol' });
    const before = await alice.ok('friend.list');
    expect(before.friends.map((f) => f.userId).sort()).toEqual(['bob', 'carol']);

    expect(await alice.ok('friend.delete', { userId: 'bob' })).toEqual({ userId: 'bob' });
    expect(await bob.nextPush('friendDeleted')).toEqual({ userId: 'alice' });
    expect((await alice.ok('friend.list')).friends.map((f) => f.userId)).toEqual(['carol']);
    expect((await bob.ok('friend.list')).friends).toEqual([]);
    const check = await alice.ok('friend.check', { userIds: ['bob', 'carol', 'nobody'] });
    expect(check.results).toEqual([
      { userId: 'bob', relation: 'none' },
      { userId: 'carol', relation: 'friends' },
      { userId: 'nobody', relation: 'none' },
    ]);
  });

  it('deleting someone who is not a friend succeeds without a push', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    expect(await alice.ok('friend.delete', { userId: 'bob' })).toEqual({ userId: 'bob' });
    await bob.barrier();
    expect(bob.pushesNamed('friendDeleted')).toEqual([]);
  });
});

describe('blacklist', () => {
  it('add, list and remove', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    await app.login('carol');
    expect(await alice.ok('blacklist.add', { userIds: ['bob', 'carol', 'bob', 'alice'] })).toEqual({
      userIds: ['bob', 'carol'],
    });
    expect((await alice.ok('blacklist.list')).userIds.sort()).toEqual(['bob', 'carol']);
    expect(await alice.ok('blacklist.remove', { userIds: ['bob'] })).toEqual({ userIds: ['bob'] });
    expect((await alice.ok('blacklist.list')).userIds).toEqual(['carol']);
  });

  it('refuses unknown accounts with ACCOUNT_NOT_FOUND and blocks none of the list', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const error = await alice.fail('blacklist.add', { userIds: ['bob', 'ghost'] });
    expect(error.code).toBe(20003);
    expect((await alice.ok('blacklist.list')).userIds).toEqual([]);
  });

  it('blocking a friend ends the friendship', async () => {
    const app = await server.newApp(allowAny);
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await alice.ok('friend.add', { to: 'bob' });
    await alice.ok('blacklist.add', { userIds: ['bob'] });
    expect(await bob.nextPush('friendDeleted')).toEqual({ userId: 'alice' });
    expect((await bob.ok('friend.check', { userIds: ['alice'] })).results).toEqual([
      { userId: 'alice', relation: 'none' },
    ]);
    expect((await alice.ok('friend.list')).friends).toEqual([]);
  });
});
