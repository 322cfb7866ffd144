// Over 300 lines: one contract suite per port, as for every adapter.
import type { AccountStore, RelationStore } from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeAccountProfileContract } from './account-profile-contract.ts';
import { freshAppId } from './fresh-app-id.ts';

export interface AccountStoreFixture {
  store: AccountStore;
  /** A RelationStore over the same storage: deleting accounts must delete their relations. */
  relations: RelationStore;
  /** A second instance over the same storage (what another node holds), to race against `store`. */
  peer?: AccountStore;
  cleanup: () => Promise<void>;
}

const T0 = 1_700_000_000_000;

const sorted = (values: Iterable<string>) => [...values].sort();

/** The AccountStore port's behaviour, run against every adapter. */
export function describeAccountStoreContract(
  adapterName: string,
  factory: () => Promise<AccountStoreFixture>,
): void {
  describe(`AccountStore contract: ${adapterName}`, () => {
    let fixture: AccountStoreFixture;
    let store: AccountStore;
    let app: number;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      app = freshAppId();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('importAccounts creates accounts with defaults for nick and faceUrl', async () => {
      const result = await store.importAccounts(app, [{ userId: 'alice' }], T0);
      expect(result).toEqual({ created: ['alice'], existing: [] });
      expect(await store.get(app, 'alice')).toEqual({
        sdkAppId: app,
        userId: 'alice',
        nick: '',
        faceUrl: '',
        createdAt: T0,
        mutedUntil: null,
        addVerification: null,
        profileFields: {},
      });
    });

    it('importAccounts stores nick and faceUrl, 4-byte unicode included', async () => {
      await store.importAccounts(
        app,
        [{ userId: 'bob', nick: 'Bób 😀', faceUrl: 'https://x.test/b.png' }],
        T0,
      );
      expect(await store.get(app, 'bob')).toMatchObject({ nick: 'Bób 😀', faceUrl: 'https://x.test/b.png' });
    });

    it('re-importing reports the accounts as existing and changes nothing', async () => {
      await store.importAccounts(app, [{ userId: 'carol', nick: 'first' }], T0);
      const again = await store.importAccounts(app, [{ userId: 'carol', nick: 'second' }], T0 + 1);
      expect(again).toEqual({ created: [], existing: ['carol'] });
      expect(await store.get(app, 'carol')).toMatchObject({ nick: 'first', createdAt: T0 });
    });

    it('a mixed import splits created and existing, each in input order', async () => {
      await store.importAccounts(app, [{ userId: 'u2' }, { userId: 'u4' }], T0);
      const result = await store.importAccounts(
        app,
        ['u5', 'u4', 'u1', 'u2', 'u3'].map((userId) => ({ userId })),
        T0,
      );
      expect(result).toEqual({ created: ['u5', 'u1', 'u3'], existing: ['u4', 'u2'] });
    });

    it('a userId repeated within one import counts once; the first occurrence wins', async () => {
      const result = await store.importAccounts(
        app,
        [
          { userId: 'dup', nick: 'one' },
          { userId: 'dup', nick: 'two' },
        ],
        T0,
      );
      expect(result).toEqual({ created: ['dup'], existing: [] });
      expect(await store.get(app, 'dup')).toMatchObject({ nick: 'one' });
      expect(await store.count(app)).toBe(1);
    });

    it('an empty import does nothing', async () => {
      expect(await store.importAccounts(app, [], T0)).toEqual({ created: [], existing: [] });
      expect(await store.count(app)).toBe(0);
    });

    it('imports 500 accounts in one call', async () => {
      const ids = Array.from({ length: 500 }, (_, i) => `bulk_${i}`);
      const result = await store.importAccounts(
        app,
        ids.map((userId) => ({ userId })),
        T0,
      );
      expect(result.created).toEqual(ids);
      expect(await store.count(app)).toBe(500);
    });

    it('userIds are compared byte for byte: case, accents and unicode forms all differ', async () => {
      // Collations such as utf8mb4_unicode_ci would merge each of these pairs.
      const ids = ['alice', 'Alice', 'ALICE', 'é', 'e\u0301', 'ß', 'ss', '用户_1', '😀'];
      const result = await store.importAccounts(
        app,
        ids.map((userId) => ({ userId })),
        T0,
      );
      expect(result.created).toEqual(ids);
      expect(await store.count(app)).toBe(ids.length);
      for (const id of ids) expect((await store.get(app, id))?.userId).toBe(id);
      expect(await store.get(app, 'aLiCe')).toBeUndefined();
      expect(sorted(await store.existing(app, ['Alice', 'aLICE', 'e\u0301', 'SS']))).toEqual(
        sorted(['Alice', 'e\u0301']),
      );
    });

    it('get returns undefined for unknown accounts and for another app', async () => {
      await store.importAccounts(app, [{ userId: 'dave' }], T0);
      expect(await store.get(app, 'nobody')).toBeUndefined();
      expect(await store.get(freshAppId(), 'dave')).toBeUndefined();
    });

    it('existing returns the subset that exists in this app only', async () => {
      const other = freshAppId();
      await store.importAccounts(app, [{ userId: 'a' }, { userId: 'b' }], T0);
      await store.importAccounts(other, [{ userId: 'c' }], T0);
      const found = await store.existing(app, ['a', 'c', 'zz', 'b', 'a']);
      expect(found).toBeInstanceOf(Set);
      expect(sorted(found)).toEqual(['a', 'b']);
      expect((await store.existing(app, [])).size).toBe(0);
    });

    it('update changes only the given fields and returns the account', async () => {
      await store.importAccounts(app, [{ userId: 'erin', nick: 'Erin', faceUrl: 'f1' }], T0);
      const updated = await store.update(app, 'erin', { nick: 'Erin 2', mutedUntil: T0 + 60_000 });
      const expected = {
        sdkAppId: app,
        userId: 'erin',
        nick: 'Erin 2',
        faceUrl: 'f1',
        createdAt: T0,
        mutedUntil: T0 + 60_000,
        addVerification: null,
        profileFields: {},
      };
      expect(updated).toEqual(expected);
      expect(await store.get(app, 'erin')).toEqual(expected);
    });

    it('update sets and clears addVerification and mutedUntil', async () => {
      await store.importAccounts(app, [{ userId: 'fay' }], T0);
      await store.update(app, 'fay', { addVerification: 'deny-any', mutedUntil: T0 });
      expect(await store.get(app, 'fay')).toMatchObject({ addVerification: 'deny-any', mutedUntil: T0 });
      await store.update(app, 'fay', { addVerification: 'allow-any' });
      expect(await store.get(app, 'fay')).toMatchObject({ addVerification: 'allow-any', mutedUntil: T0 });
      const cleared = await store.update(app, 'fay', {
        addVerification: null,
        mutedUntil: null,
        faceUrl: '',
      });
      expect(cleared).toMatchObject({ addVerification: null, mutedUntil: null, faceUrl: '' });
    });

    it('update with an empty change returns the account unchanged', async () => {
      await store.importAccounts(app, [{ userId: 'gus', nick: 'Gus' }], T0);
      const before = await store.get(app, 'gus');
      expect(await store.update(app, 'gus', {})).toEqual(before);
    });

    it('update of an unknown account returns undefined and creates nothing', async () => {
      const other = freshAppId();
      await store.importAccounts(other, [{ userId: 'hal' }], T0);
      expect(await store.update(app, 'hal', { nick: 'x' })).toBeUndefined();
      expect(await store.get(app, 'hal')).toBeUndefined();
      expect(await store.get(other, 'hal')).toMatchObject({ nick: '' });
    });

    it('delete removes the accounts and returns those that existed', async () => {
      await store.importAccounts(
        app,
        ['a', 'b', 'c'].map((userId) => ({ userId })),
        T0,
      );
      expect(sorted(await store.delete(app, ['a', 'x', 'c']))).toEqual(['a', 'c']);
      expect(await store.get(app, 'a')).toBeUndefined();
      expect(await store.get(app, 'b')).toBeDefined();
      expect(await store.count(app)).toBe(1);
      expect(await store.delete(app, ['a'])).toEqual([]);
      expect(await store.delete(app, [])).toEqual([]);
    });

    it('delete leaves the same userIds of another app alone', async () => {
      const other = freshAppId();
      await store.importAccounts(app, [{ userId: 'same' }], T0);
      await store.importAccounts(other, [{ userId: 'same' }], T0);
      expect(await store.delete(app, ['same'])).toEqual(['same']);
      expect(await store.get(other, 'same')).toBeDefined();
    });

    it("delete removes the users' friendships both ways, requests and blacklists", async () => {
      const r = fixture.relations;
      const other = freshAppId();
      await store.importAccounts(
        app,
        ['gone', 'p', 'q', 's'].map((userId) => ({ userId })),
        T0,
      );
      await r.addFriends(app, 'gone', 'p', T0);
      await r.addFriends(app, 'p', 'q', T0);
      await r.putFriendRequest({ sdkAppId: app, from: 'gone', to: 'q', wording: '', createdAt: T0 });
      await r.putFriendRequest({ sdkAppId: app, from: 's', to: 'gone', wording: '', createdAt: T0 });
      await r.putFriendRequest({ sdkAppId: app, from: 's', to: 'p', wording: 'keep', createdAt: T0 });
      await r.addToBlacklist(app, 'gone', ['s'], T0);
      await r.addToBlacklist(app, 'q', ['gone', 's'], T0);
      await r.addFriends(other, 'gone', 'p', T0);

      expect(await store.delete(app, ['gone'])).toEqual(['gone']);

      expect(await r.areFriends(app, 'p', 'gone')).toBe(false);
      expect((await r.listFriends(app, 'p')).map((f) => f.userId)).toEqual(['q']);
      expect(await r.listFriends(app, 'gone')).toEqual([]);
      expect(await r.getFriendRequest(app, 'gone', 'q')).toBeUndefined();
      expect(await r.listIncomingRequests(app, 'gone')).toEqual([]);
      expect(await r.getFriendRequest(app, 's', 'p')).toMatchObject({ wording: 'keep' });
      expect(await r.listBlacklist(app, 'gone')).toEqual([]);
      expect(await r.listBlacklist(app, 'q')).toEqual(['s']);
      expect(await r.areFriends(other, 'gone', 'p')).toBe(true);
    });

    it('count counts the accounts of one app', async () => {
      const other = freshAppId();
      await store.importAccounts(
        app,
        ['a', 'b'].map((userId) => ({ userId })),
        T0,
      );
      await store.importAccounts(other, [{ userId: 'a' }], T0);
      expect(await store.count(app)).toBe(2);
      expect(await store.count(other)).toBe(1);
      expect(await store.count(freshAppId())).toBe(0);
    });

    it('deleteApp deletes exactly one app and returns how many accounts it had', async () => {
      const other = freshAppId();
      await store.importAccounts(
        app,
        ['a', 'b', 'c'].map((userId) => ({ userId })),
        T0,
      );
      await store.importAccounts(
        other,
        ['a', 'b'].map((userId) => ({ userId })),
        T0,
      );
      expect(await store.deleteApp(app)).toBe(3);
      expect(await store.count(app)).toBe(0);
      expect(await store.get(app, 'a')).toBeUndefined();
      expect(await store.count(other)).toBe(2);
      expect(await store.deleteApp(app)).toBe(0);
    });

    it('concurrent deletes of befriended, overlapping users (from two instances) all complete', async () => {
      const stores = [store, fixture.peer ?? store];
      const ids = Array.from({ length: 12 }, (_, i) => `d${i}`);
      await store.importAccounts(
        app,
        ids.map((userId) => ({ userId })),
        T0,
      );
      for (const [i, id] of ids.entries()) {
        await fixture.relations.addFriends(app, id, ids[(i + 1) % ids.length] ?? id, T0);
        await fixture.relations.addFriends(app, id, ids[(i + 5) % ids.length] ?? id, T0);
        await fixture.relations.putFriendRequest({
          sdkAppId: app,
          from: id,
          to: ids[(i + 3) % 12] ?? id,
          wording: '',
          createdAt: T0,
        });
        await fixture.relations.addToBlacklist(app, id, [ids[(i + 7) % 12] ?? id], T0);
      }
      const results = await Promise.all(
        ids.map((id, i) => (stores[i % 2] ?? store).delete(app, [id, ids[(i + 1) % ids.length] ?? id])),
      );
      expect(sorted(results.flat())).toEqual(sorted(ids));
      expect(await store.count(app)).toBe(0);
      for (const id of ids) {
        expect(await fixture.relations.listFriends(app, id)).toEqual([]);
        expect(await fixture.relations.listIncomingRequests(app, id)).toEqual([]);
        expect(await fixture.relations.listBlacklist(app, id)).toEqual([]);
      }
    });

    it('concurrent overlapping imports (from two instances when available) create each account once', async () => {
      const stores = [store, fixture.peer ?? store];
      const ids = Array.from({ length: 100 }, (_, i) => `c${i}`);
      // Ten batches of 50, each starting at a different offset, so every id is in five batches.
      const batches = Array.from({ length: 10 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => ids[(b * 10 + i) % 100] ?? 'unreachable'),
      );
      const results = await Promise.all(
        batches.map((batch, b) =>
          (stores[b % 2] ?? store).importAccounts(
            app,
            batch.map((userId) => ({ userId, nick: `batch-${b}` })),
            T0 + b,
          ),
        ),
      );
      const created = results.flatMap((r) => r.created);
      expect(sorted(created)).toEqual(sorted(ids));
      results.forEach((result, b) => {
        expect(sorted([...result.created, ...result.existing])).toEqual(sorted(batches[b] ?? []));
      });
      expect(await store.count(app)).toBe(100);
      for (const [b, result] of results.entries()) {
        for (const id of result.created.slice(0, 3)) {
          expect(await store.get(app, id)).toMatchObject({ nick: `batch-${b}`, createdAt: T0 + b });
        }
      }
    });
  });
  describeAccountProfileContract(adapterName, factory);
}
