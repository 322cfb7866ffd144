import type { FriendRequest, RelationStore } from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

export interface RelationStoreFixture {
  store: RelationStore;
  /** A second instance over the same storage (what another node holds), to race against `store`. */
  peer?: RelationStore;
  cleanup: () => Promise<void>;
}

const T0 = 1_700_000_000_000;

const sorted = (values: Iterable<string>) => [...values].sort();
const friendIds = async (store: RelationStore, app: number, owner: string) =>
  sorted((await store.listFriends(app, owner)).map((f) => f.userId));

/** The RelationStore port's behaviour, run against every adapter. */
export function describeRelationStoreContract(
  adapterName: string,
  factory: () => Promise<RelationStoreFixture>,
): void {
  describe(`RelationStore contract: ${adapterName}`, () => {
    let fixture: RelationStoreFixture;
    let store: RelationStore;
    let app: number;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      app = freshAppId();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const request = (from: string, to: string, wording = '', createdAt = T0): FriendRequest => ({
      sdkAppId: app,
      from,
      to,
      wording,
      createdAt,
    });

    describe('friends', () => {
      it('addFriends makes the friendship visible from both sides, with since', async () => {
        await store.addFriends(app, 'a', 'b', T0);
        expect(await store.areFriends(app, 'a', 'b')).toBe(true);
        expect(await store.areFriends(app, 'b', 'a')).toBe(true);
        expect(await store.listFriends(app, 'a')).toEqual([{ userId: 'b', since: T0 }]);
        expect(await store.listFriends(app, 'b')).toEqual([{ userId: 'a', since: T0 }]);
      });

      it('strangers are not friends and have no friends', async () => {
        await store.addFriends(app, 'a', 'b', T0);
        expect(await store.areFriends(app, 'a', 'c')).toBe(false);
        expect(await store.listFriends(app, 'c')).toEqual([]);
      });

      it('addFriends is idempotent in either order and keeps the first since', async () => {
        await store.addFriends(app, 'a', 'b', T0);
        await store.addFriends(app, 'a', 'b', T0 + 1);
        await store.addFriends(app, 'b', 'a', T0 + 2);
        expect(await store.listFriends(app, 'a')).toEqual([{ userId: 'b', since: T0 }]);
        expect(await store.listFriends(app, 'b')).toEqual([{ userId: 'a', since: T0 }]);
      });

      it('listFriends lists every friend once', async () => {
        for (const friend of ['b', 'c', 'd']) await store.addFriends(app, 'a', friend, T0);
        await store.addFriends(app, 'c', 'a', T0);
        expect(await friendIds(store, app, 'a')).toEqual(['b', 'c', 'd']);
        expect(await friendIds(store, app, 'c')).toEqual(['a']);
      });

      it('addFriends removes pending requests between the two, both ways, and only those', async () => {
        await store.putFriendRequest(request('a', 'b'));
        await store.putFriendRequest(request('b', 'a'));
        await store.putFriendRequest(request('a', 'c'));
        await store.putFriendRequest(request('c', 'b'));
        await store.addFriends(app, 'b', 'a', T0);
        expect(await store.getFriendRequest(app, 'a', 'b')).toBeUndefined();
        expect(await store.getFriendRequest(app, 'b', 'a')).toBeUndefined();
        expect(await store.getFriendRequest(app, 'a', 'c')).toBeDefined();
        expect(await store.getFriendRequest(app, 'c', 'b')).toBeDefined();
      });

      it('removeFriends removes both directions and reports whether it existed', async () => {
        await store.addFriends(app, 'a', 'b', T0);
        await store.addFriends(app, 'a', 'c', T0);
        expect(await store.removeFriends(app, 'b', 'a')).toBe(true);
        expect(await store.areFriends(app, 'a', 'b')).toBe(false);
        expect(await store.areFriends(app, 'b', 'a')).toBe(false);
        expect(await friendIds(store, app, 'a')).toEqual(['c']);
        expect(await store.removeFriends(app, 'a', 'b')).toBe(false);
        expect(await store.removeFriends(app, 'x', 'y')).toBe(false);
      });

      it('friends can be re-added after removal with a new since', async () => {
        await store.addFriends(app, 'a', 'b', T0);
        await store.removeFriends(app, 'a', 'b');
        await store.addFriends(app, 'a', 'b', T0 + 5);
        expect(await store.listFriends(app, 'b')).toEqual([{ userId: 'a', since: T0 + 5 }]);
      });

      it('userIds are compared byte for byte', async () => {
        await store.addFriends(app, 'Alice', 'bob', T0);
        expect(await store.areFriends(app, 'alice', 'bob')).toBe(false);
        expect(await store.areFriends(app, 'Alice', 'bob')).toBe(true);
        await store.addFriends(app, 'é', 'e\u0301', T0);
        expect(await friendIds(store, app, 'é')).toEqual(['e\u0301']);
      });

      it('concurrent addFriends both ways (from two instances when available) leave one friendship', async () => {
        const stores = [store, fixture.peer ?? store];
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (stores[i % 2] ?? store).addFriends(app, i % 4 < 2 ? 'a' : 'b', i % 4 < 2 ? 'b' : 'a', T0 + i),
          ),
        );
        expect(await friendIds(store, app, 'a')).toEqual(['b']);
        expect(await friendIds(store, app, 'b')).toEqual(['a']);
      });

      it('concurrent adds and removes never leave a one-sided friendship', async () => {
        const stores = [store, fixture.peer ?? store];
        const pairs: [string, string][] = [
          ['a', 'b'],
          ['b', 'a'],
        ];
        await Promise.all(
          Array.from({ length: 40 }, (_, i) => {
            const s = stores[i % 2] ?? store;
            const [x, y] = pairs[Math.floor(i / 2) % 2] ?? ['a', 'b'];
            return i % 3 === 0 ? s.removeFriends(app, x, y) : s.addFriends(app, x, y, T0 + i);
          }),
        );
        const ab = await store.areFriends(app, 'a', 'b');
        expect(await store.areFriends(app, 'b', 'a')).toBe(ab);
        expect(await friendIds(store, app, 'a')).toEqual(ab ? ['b'] : []);
        expect(await friendIds(store, app, 'b')).toEqual(ab ? ['a'] : []);
      });
    });

    describe('friend requests', () => {
      it('putFriendRequest stores a request that getFriendRequest returns', async () => {
        const r = request('a', 'b', 'hi 👋 there', T0 + 3);
        await store.putFriendRequest(r);
        expect(await store.getFriendRequest(app, 'a', 'b')).toEqual(r);
        expect(await store.getFriendRequest(app, 'b', 'a')).toBeUndefined();
      });

      it('putting the same request again replaces wording and createdAt', async () => {
        await store.putFriendRequest(request('a', 'b', 'first', T0));
        await store.putFriendRequest(request('a', 'b', 'second', T0 + 1));
        expect(await store.getFriendRequest(app, 'a', 'b')).toEqual(request('a', 'b', 'second', T0 + 1));
        expect(await store.listIncomingRequests(app, 'b')).toHaveLength(1);
      });

      it('keeps 256-character wordings intact', async () => {
        // 256 UTF-16 code units, as the protocol counts them.
        const wording = `${'ü'.repeat(254)}😀`;
        await store.putFriendRequest(request('a', 'b', wording));
        expect((await store.getFriendRequest(app, 'a', 'b'))?.wording).toBe(wording);
      });

      it('listIncomingRequests lists the requests to one user', async () => {
        await store.putFriendRequest(request('a', 'c', 'from a', T0));
        await store.putFriendRequest(request('b', 'c', 'from b', T0 + 1));
        await store.putFriendRequest(request('c', 'a', 'outgoing', T0));
        const incoming = await store.listIncomingRequests(app, 'c');
        expect([...incoming].sort((x, y) => x.from.localeCompare(y.from))).toEqual([
          request('a', 'c', 'from a', T0),
          request('b', 'c', 'from b', T0 + 1),
        ]);
        expect(await store.listIncomingRequests(app, 'z')).toEqual([]);
      });

      it('deleteFriendRequest deletes one direction and reports whether it existed', async () => {
        await store.putFriendRequest(request('a', 'b'));
        await store.putFriendRequest(request('b', 'a'));
        expect(await store.deleteFriendRequest(app, 'a', 'b')).toBe(true);
        expect(await store.getFriendRequest(app, 'a', 'b')).toBeUndefined();
        expect(await store.getFriendRequest(app, 'b', 'a')).toBeDefined();
        expect(await store.deleteFriendRequest(app, 'a', 'b')).toBe(false);
      });
    });

    describe('blacklist', () => {
      it('addToBlacklist blocks in one direction only', async () => {
        await store.addToBlacklist(app, 'a', ['b', 'c'], T0);
        expect(await store.isBlocked(app, 'a', 'b')).toBe(true);
        expect(await store.isBlocked(app, 'b', 'a')).toBe(false);
        expect(sorted(await store.listBlacklist(app, 'a'))).toEqual(['b', 'c']);
        expect(await store.listBlacklist(app, 'b')).toEqual([]);
      });

      it('addToBlacklist is idempotent, also with duplicates in one call', async () => {
        await store.addToBlacklist(app, 'a', ['b', 'b'], T0);
        await store.addToBlacklist(app, 'a', ['b', 'c'], T0 + 1);
        await store.addToBlacklist(app, 'a', [], T0 + 2);
        expect(sorted(await store.listBlacklist(app, 'a'))).toEqual(['b', 'c']);
      });

      it('removeFromBlacklist removes only the given targets and ignores unknown ones', async () => {
        await store.addToBlacklist(app, 'a', ['b', 'c', 'd'], T0);
        await store.addToBlacklist(app, 'b', ['a'], T0);
        await store.removeFromBlacklist(app, 'a', ['b', 'd', 'zz']);
        await store.removeFromBlacklist(app, 'a', []);
        expect(await store.listBlacklist(app, 'a')).toEqual(['c']);
        expect(await store.isBlocked(app, 'a', 'b')).toBe(false);
        expect(await store.isBlocked(app, 'b', 'a')).toBe(true);
      });

      it('blacklisting does not touch friendships or requests (the service decides)', async () => {
        await store.addFriends(app, 'a', 'b', T0);
        await store.putFriendRequest(request('c', 'a'));
        await store.addToBlacklist(app, 'a', ['b', 'c'], T0);
        expect(await store.areFriends(app, 'a', 'b')).toBe(true);
        expect(await store.getFriendRequest(app, 'c', 'a')).toBeDefined();
      });
    });

    describe('deletion and app isolation', () => {
      it('app A never sees app B relations for the same userIds', async () => {
        const other = freshAppId();
        await store.addFriends(app, 'a', 'b', T0);
        await store.putFriendRequest(request('a', 'c'));
        await store.addToBlacklist(app, 'a', ['d'], T0);
        expect(await store.areFriends(other, 'a', 'b')).toBe(false);
        expect(await store.listFriends(other, 'a')).toEqual([]);
        expect(await store.getFriendRequest(other, 'a', 'c')).toBeUndefined();
        expect(await store.listIncomingRequests(other, 'c')).toEqual([]);
        expect(await store.isBlocked(other, 'a', 'd')).toBe(false);
        expect(await store.listBlacklist(other, 'a')).toEqual([]);
        expect(await store.removeFriends(other, 'a', 'b')).toBe(false);
        expect(await store.deleteFriendRequest(other, 'a', 'c')).toBe(false);
        await store.removeFromBlacklist(other, 'a', ['d']);
        expect(await store.isBlocked(app, 'a', 'd')).toBe(true);
      });

      it('deleteUsers removes every relation of those users and nothing else', async () => {
        const other = freshAppId();
        await store.addFriends(app, 'x', 'a', T0);
        await store.addFriends(app, 'a', 'b', T0);
        await store.addFriends(app, 'y', 'b', T0);
        await store.putFriendRequest(request('x', 'b'));
        await store.putFriendRequest(request('b', 'y'));
        await store.putFriendRequest(request('a', 'b', 'kept'));
        await store.addToBlacklist(app, 'x', ['a', 'b'], T0);
        await store.addToBlacklist(app, 'a', ['y'], T0);
        await store.addToBlacklist(app, 'y', ['b'], T0);
        await store.addFriends(other, 'x', 'a', T0);

        await store.deleteUsers(app, ['x', 'y', 'nobody']);

        expect(await store.listFriends(app, 'x')).toEqual([]);
        expect(await friendIds(store, app, 'a')).toEqual(['b']);
        expect(await friendIds(store, app, 'b')).toEqual(['a']);
        expect(await store.getFriendRequest(app, 'x', 'b')).toBeUndefined();
        expect(await store.getFriendRequest(app, 'b', 'y')).toBeUndefined();
        expect(await store.getFriendRequest(app, 'a', 'b')).toMatchObject({ wording: 'kept' });
        expect(await store.listBlacklist(app, 'x')).toEqual([]);
        expect(await store.listBlacklist(app, 'y')).toEqual([]);
        expect(await store.isBlocked(app, 'a', 'y')).toBe(false);
        expect(await store.areFriends(other, 'x', 'a')).toBe(true);
        await store.deleteUsers(app, []);
        expect(await store.areFriends(app, 'a', 'b')).toBe(true);
      });

      it('deleteApp deletes exactly one app and returns a positive count, then 0', async () => {
        const other = freshAppId();
        for (const id of [app, other]) {
          await store.addFriends(id, 'a', 'b', T0);
          await store.putFriendRequest({ ...request('c', 'a'), sdkAppId: id });
          await store.addToBlacklist(id, 'a', ['d'], T0);
        }
        expect(await store.deleteApp(app)).toBeGreaterThan(0);
        expect(await store.listFriends(app, 'a')).toEqual([]);
        expect(await store.listIncomingRequests(app, 'a')).toEqual([]);
        expect(await store.listBlacklist(app, 'a')).toEqual([]);
        expect(await store.deleteApp(app)).toBe(0);
        expect(await store.areFriends(other, 'a', 'b')).toBe(true);
        expect(await store.listIncomingRequests(other, 'a')).toHaveLength(1);
        expect(await store.isBlocked(other, 'a', 'd')).toBe(true);
      });
    });
  });
}
