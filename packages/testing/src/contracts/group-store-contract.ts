// Over 300 lines: one contract suite per port, as for every adapter.
import {
  AVCHATROOM_MAX_MEMBERS,
  type GroupMemberRecord,
  type GroupRecord,
  type GroupStore,
} from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

export interface GroupStoreFixture {
  store: GroupStore;
  /** A second instance over the same storage (what another node holds), to race against `store`. */
  peer?: GroupStore;
  cleanup: () => Promise<void>;
}

const T0 = 1_700_000_000_000;

const sorted = (values: Iterable<string>) => [...values].sort();
const ids = (members: readonly GroupMemberRecord[]) => members.map((m) => m.userId);

function member(userId: string, overrides: Partial<GroupMemberRecord> = {}): GroupMemberRecord {
  return {
    userId,
    role: 'Member',
    joinedAt: T0,
    joinSeq: 0,
    nameCard: '',
    mutedUntil: null,
    msgFlag: 'AcceptAndNotify',
    readSeq: 0,
    customFields: {},
    ...overrides,
  };
}

/** The GroupStore port's behaviour, run against every adapter. */
export function describeGroupStoreContract(
  adapterName: string,
  factory: () => Promise<GroupStoreFixture>,
): void {
  describe(`GroupStore contract: ${adapterName}`, () => {
    let fixture: GroupStoreFixture;
    let store: GroupStore;
    let app: number;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      app = freshAppId();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const group = (groupId: string, overrides: Partial<GroupRecord> = {}): GroupRecord => ({
      sdkAppId: app,
      groupId,
      type: 'Public',
      name: `Group ${groupId}`,
      introduction: 'about 😀',
      notification: 'be nice',
      faceUrl: 'https://x.test/g.png',
      ownerId: 'owner',
      applyJoinOption: 'NeedPermission',
      maxMembers: 200,
      muteAll: false,
      customFields: { level: '1' },
      createdAt: T0,
      updatedAt: T0,
      ...overrides,
    });
    const owner = member('owner', { role: 'Owner' });
    /** A group `g` owned by `owner`, with the given extra members. */
    const createGroup = async (
      groupId = 'g',
      others: string[] = [],
      overrides: Partial<GroupRecord> = {},
    ) => {
      expect(await store.create(group(groupId, overrides), [owner, ...others.map((id) => member(id))])).toBe(
        true,
      );
    };

    describe('groups', () => {
      it('create stores the group and its first members, exactly as given', async () => {
        const alice = member('alice', {
          role: 'Admin',
          joinedAt: T0 + 1,
          joinSeq: 7,
          nameCard: 'Ali 😀',
          mutedUntil: T0 + 60_000,
          msgFlag: 'AcceptNotNotify',
          readSeq: 7,
          customFields: { team: 'red' },
        });
        expect(await store.create(group('g'), [owner, alice])).toBe(true);
        expect(await store.get(app, 'g')).toEqual(group('g'));
        expect(await store.listMembers(app, 'g', undefined, 10)).toEqual([alice, owner]);
        expect(await store.memberCount(app, 'g')).toBe(2);
      });

      it('create refuses a taken ID and stores nothing of the second group', async () => {
        await createGroup('g', ['alice']);
        const other = group('g', { name: 'impostor', ownerId: 'mallory' });
        expect(await store.create(other, [member('mallory', { role: 'Owner' })])).toBe(false);
        expect(await store.get(app, 'g')).toEqual(group('g'));
        expect(ids(await store.listMembers(app, 'g', undefined, 10))).toEqual(['alice', 'owner']);
        expect(await store.countMemberships(app, 'mallory')).toBe(0);
      });

      it("stores an AVChatRoom with the domain's unlimited member bound", async () => {
        const room = group('av', { type: 'AVChatRoom', maxMembers: AVCHATROOM_MAX_MEMBERS });
        expect(await store.create(room, [owner])).toBe(true);
        expect(await store.get(app, 'av')).toEqual(room);
      });

      it('keeps an ownerless group and a muted group as stored', async () => {
        await store.create(group('w', { type: 'Work', ownerId: null, muteAll: true, customFields: {} }), []);
        expect(await store.get(app, 'w')).toMatchObject({ ownerId: null, muteAll: true, customFields: {} });
        expect(await store.memberCount(app, 'w')).toBe(0);
      });

      it('keeps whether a community supports topics', async () => {
        await createGroup('@TGS#_topics', [], { type: 'Community', supportTopic: true });
        await createGroup('@TGS#_plain', [], { type: 'Community' });
        expect((await store.get(app, '@TGS#_topics'))?.supportTopic).toBe(true);
        expect((await store.get(app, '@TGS#_plain'))?.supportTopic).toBeUndefined();
      });

      it('an unknown group reads as undefined and empty', async () => {
        expect(await store.get(app, 'nope')).toBeUndefined();
        expect(await store.listMembers(app, 'nope', undefined, 10)).toEqual([]);
        expect(await store.getMembers(app, 'nope', ['owner'])).toEqual([]);
        expect(await store.memberCount(app, 'nope')).toBe(0);
        expect(await store.listApplications(app, 'nope')).toEqual([]);
        expect(await store.readers(app, 'nope', 0, true, 10)).toEqual([]);
        expect(await store.countReaders(app, 'nope', 0)).toBe(0);
      });

      it('update changes only the listed fields and stamps updatedAt', async () => {
        await createGroup();
        const updated = await store.update(
          app,
          'g',
          { name: 'New', muteAll: true, applyJoinOption: 'FreeAccess' },
          T0 + 5,
        );
        const expected = {
          ...group('g'),
          name: 'New',
          muteAll: true,
          applyJoinOption: 'FreeAccess',
          updatedAt: T0 + 5,
        };
        expect(updated).toEqual(expected);
        expect(await store.get(app, 'g')).toEqual(expected);
        const more = { introduction: '', notification: 'n', faceUrl: 'f', ownerId: null, muteAll: false };
        expect(await store.update(app, 'g', more, T0 + 6)).toEqual({
          ...expected,
          ...more,
          updatedAt: T0 + 6,
        });
      });

      it('update merges customFields, and an empty value deletes a field', async () => {
        await createGroup('g', [], { customFields: { a: '1', b: '2' } });
        const updated = await store.update(app, 'g', { customFields: { b: '', c: '3 😀', a: '10' } }, T0 + 1);
        expect(updated?.customFields).toEqual({ a: '10', c: '3 😀' });
        expect((await store.get(app, 'g'))?.customFields).toEqual({ a: '10', c: '3 😀' });
        expect((await store.update(app, 'g', { name: 'x' }, T0 + 2))?.customFields).toEqual({
          a: '10',
          c: '3 😀',
        });
      });

      it('update of an unknown group returns undefined and creates nothing', async () => {
        expect(await store.update(app, 'nope', { name: 'x' }, T0)).toBeUndefined();
        expect(await store.get(app, 'nope')).toBeUndefined();
      });

      it('destroy deletes the group, its members and applications; false when there was none', async () => {
        await createGroup('g', ['alice']);
        await createGroup('h', ['alice']);
        await store.addApplication(app, 'g', { userId: 'bob', wording: 'hi', createdAt: T0 });
        expect(await store.destroy(app, 'g')).toBe(true);
        expect(await store.get(app, 'g')).toBeUndefined();
        expect(await store.memberCount(app, 'g')).toBe(0);
        expect((await store.memberships(app, 'alice', 10)).map((m) => m.groupId)).toEqual(['h']);
        expect(await store.destroy(app, 'g')).toBe(false);
        // The ID is free again, without anything of the old group.
        await createGroup('g');
        expect(ids(await store.listMembers(app, 'g', undefined, 10))).toEqual(['owner']);
        expect(await store.listApplications(app, 'g')).toEqual([]);
      });

      it('list pages through the app groups by ID', async () => {
        for (const id of ['c', 'a', 'e', 'b', 'd']) await createGroup(id);
        const firstPage = await store.list(app, undefined, 2);
        expect(firstPage.map((g) => g.groupId)).toEqual(['a', 'b']);
        expect(firstPage[0]).toEqual(group('a'));
        expect((await store.list(app, 'b', 2)).map((g) => g.groupId)).toEqual(['c', 'd']);
        expect((await store.list(app, 'd', 2)).map((g) => g.groupId)).toEqual(['e']);
        expect(await store.list(app, 'e', 2)).toEqual([]);
      });
    });

    describe('members', () => {
      it('addMembers adds new members and reports those already there, unchanged', async () => {
        await createGroup('g', ['alice']);
        const result = await store.addMembers(
          app,
          'g',
          [member('bob'), member('alice', { role: 'Admin' }), member('owner'), member('carol')],
          10,
        );
        expect({
          ...result,
          added: sorted(result.added),
          alreadyMembers: sorted(result.alreadyMembers),
        }).toEqual({
          added: ['bob', 'carol'],
          alreadyMembers: ['alice', 'owner'],
          full: false,
        });
        const stored = await store.getMembers(app, 'g', ['alice', 'owner']);
        expect(stored.find((m) => m.userId === 'alice')?.role).toBe('Member');
        expect(stored.find((m) => m.userId === 'owner')?.role).toBe('Owner');
        expect(await store.memberCount(app, 'g')).toBe(4);
      });

      it('addMembers fills the group exactly to maxMembers', async () => {
        await createGroup('g', ['alice']);
        const result = await store.addMembers(app, 'g', [member('bob'), member('carol')], 4);
        expect(result.full).toBe(false);
        expect(sorted(result.added)).toEqual(['bob', 'carol']);
        expect(await store.memberCount(app, 'g')).toBe(4);
      });

      it('addMembers adds none when not all would fit, and still reports existing members', async () => {
        await createGroup('g', ['alice']);
        const result = await store.addMembers(app, 'g', [member('alice'), member('bob'), member('carol')], 3);
        expect(result).toEqual({ added: [], alreadyMembers: ['alice'], full: true });
        expect(ids(await store.listMembers(app, 'g', undefined, 10))).toEqual(['alice', 'owner']);
      });

      it('addMembers of members only is not full, even at the limit', async () => {
        await createGroup('g', ['alice']);
        expect(await store.addMembers(app, 'g', [member('alice')], 2)).toEqual({
          added: [],
          alreadyMembers: ['alice'],
          full: false,
        });
      });

      it('addMembers counts a user listed twice once', async () => {
        await createGroup();
        const result = await store.addMembers(app, 'g', [member('bob'), member('bob')], 2);
        expect(result).toEqual({ added: ['bob'], alreadyMembers: [], full: false });
        expect(await store.memberCount(app, 'g')).toBe(2);
      });

      it('addMembers to an unknown group stores nothing', async () => {
        const result = await store.addMembers(app, 'nope', [member('bob')], 10);
        expect(result.added).toEqual([]);
        expect(await store.countMemberships(app, 'bob')).toBe(0);
        expect(await store.memberCount(app, 'nope')).toBe(0);
      });

      it('concurrent addMembers (from two instances when available) never exceed maxMembers', async () => {
        await createGroup();
        const stores = [store, fixture.peer ?? store];
        const maxMembers = 10;
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (stores[i % 2] ?? store).addMembers(app, 'g', [member(`u${i}a`), member(`u${i}b`)], maxMembers),
          ),
        );
        const added = results.flatMap((r) => r.added);
        // Owner + 2 per accepted call: at most 4 calls fit, and each refusal must have been a real one.
        expect(added).toHaveLength(8);
        expect(results.filter((r) => r.full)).toHaveLength(8);
        expect(sorted(ids(await store.listMembers(app, 'g', undefined, 100)))).toEqual(
          sorted(['owner', ...added]),
        );
      });

      it('removeMembers removes members and their applications, and returns who was removed', async () => {
        await createGroup('g', ['alice', 'bob']);
        await createGroup('h', ['alice']);
        await store.addApplication(app, 'g', { userId: 'alice', wording: '', createdAt: T0 });
        await store.addApplication(app, 'g', { userId: 'carol', wording: '', createdAt: T0 });
        expect(sorted(await store.removeMembers(app, 'g', ['alice', 'nobody', 'alice']))).toEqual(['alice']);
        expect(ids(await store.listMembers(app, 'g', undefined, 10))).toEqual(['bob', 'owner']);
        expect((await store.listApplications(app, 'g')).map((a) => a.userId)).toEqual(['carol']);
        expect((await store.memberships(app, 'alice', 10)).map((m) => m.groupId)).toEqual(['h']);
        expect(await store.removeMembers(app, 'g', [])).toEqual([]);
      });

      it('getMembers returns only the asked members that exist', async () => {
        await createGroup('g', ['alice', 'bob', 'carol']);
        expect(sorted(ids(await store.getMembers(app, 'g', ['carol', 'alice', 'zed'])))).toEqual([
          'alice',
          'carol',
        ]);
        expect(await store.getMembers(app, 'g', [])).toEqual([]);
      });

      it('listMembers pages by user ID', async () => {
        await createGroup('g', ['d', 'b', 'a', 'c']);
        expect(ids(await store.listMembers(app, 'g', undefined, 2))).toEqual(['a', 'b']);
        expect(ids(await store.listMembers(app, 'g', 'b', 2))).toEqual(['c', 'd']);
        expect(ids(await store.listMembers(app, 'g', 'd', 2))).toEqual(['owner']);
        expect(await store.listMembers(app, 'g', 'owner', 2)).toEqual([]);
      });

      it('updateMember changes the listed fields and merges customFields', async () => {
        await store.create(group('g'), [owner, member('alice', { customFields: { a: '1', b: '2' } })]);
        const patch = { role: 'Admin', nameCard: 'A 😀', mutedUntil: T0 + 1, msgFlag: 'Discard' } as const;
        const updated = await store.updateMember(app, 'g', 'alice', {
          ...patch,
          customFields: { a: '', c: '3' },
        });
        const expected = member('alice', { ...patch, customFields: { b: '2', c: '3' } });
        expect(updated).toEqual(expected);
        expect(await store.getMembers(app, 'g', ['alice'])).toEqual([expected]);
        expect(await store.updateMember(app, 'g', 'alice', { mutedUntil: null })).toEqual({
          ...expected,
          mutedUntil: null,
        });
      });

      it('updateMember of a non-member returns undefined and adds no one', async () => {
        await createGroup();
        expect(await store.updateMember(app, 'g', 'zed', { nameCard: 'x' })).toBeUndefined();
        expect(await store.updateMember(app, 'nope', 'owner', { nameCard: 'x' })).toBeUndefined();
        expect(await store.memberCount(app, 'g')).toBe(1);
      });
    });

    describe('read positions', () => {
      it('markRead moves readSeq up, never down', async () => {
        await createGroup('g', ['alice']);
        expect((await store.markRead(app, 'g', 'alice', 5))?.readSeq).toBe(5);
        expect(await store.markRead(app, 'g', 'alice', 3)).toEqual(member('alice', { readSeq: 5 }));
        expect((await store.markRead(app, 'g', 'alice', 9))?.readSeq).toBe(9);
        expect(await store.markRead(app, 'g', 'zed', 9)).toBeUndefined();
        expect(await store.getMembers(app, 'g', ['zed'])).toEqual([]);
      });

      it('readers lists who read up to a seq and who did not, by user ID, and countReaders counts them', async () => {
        await createGroup('g', ['a', 'b', 'c', 'd']);
        await store.markRead(app, 'g', 'd', 10);
        await store.markRead(app, 'g', 'b', 5);
        await store.markRead(app, 'g', 'a', 4);
        expect(await store.readers(app, 'g', 5, true, 10)).toEqual(['b', 'd']);
        expect(await store.readers(app, 'g', 5, false, 10)).toEqual(['a', 'c', 'owner']);
        expect(await store.readers(app, 'g', 5, false, 2)).toEqual(['a', 'c']);
        expect(await store.readers(app, 'g', 11, true, 10)).toEqual([]);
        expect(await store.countReaders(app, 'g', 5)).toBe(2);
        expect(await store.countReaders(app, 'g', 0)).toBe(5);
      });
    });

    describe('ownership', () => {
      it('transferOwner makes the new owner Owner and the previous one a Member', async () => {
        await createGroup('g', ['alice']);
        await store.transferOwner(app, 'g', 'owner', 'alice', T0 + 3);
        expect(await store.get(app, 'g')).toMatchObject({ ownerId: 'alice', updatedAt: T0 + 3 });
        const roles = await store.getMembers(app, 'g', ['owner', 'alice']);
        expect(Object.fromEntries(roles.map((m) => [m.userId, m.role]))).toEqual({
          owner: 'Member',
          alice: 'Owner',
        });
      });

      it('transferOwner of an ownerless group promotes the new owner only', async () => {
        await store.create(group('w', { type: 'Work', ownerId: null }), [member('alice'), member('bob')]);
        await store.transferOwner(app, 'w', null, 'bob', T0 + 1);
        expect((await store.get(app, 'w'))?.ownerId).toBe('bob');
        expect((await store.listMembers(app, 'w', undefined, 10)).map((m) => m.role)).toEqual([
          'Member',
          'Owner',
        ]);
      });

      it('transferOwner of an unknown group changes nothing', async () => {
        await createGroup('g', ['alice']);
        await store.transferOwner(app, 'nope', 'owner', 'alice', T0 + 1);
        expect((await store.getMembers(app, 'g', ['alice']))[0]?.role).toBe('Member');
        expect(await store.get(app, 'nope')).toBeUndefined();
      });
    });

    describe('memberships', () => {
      it('lists the user groups, most recently joined first, with the group type and the member row', async () => {
        await store.create(group('old', { type: 'Work' }), [member('alice', { joinedAt: T0 + 1 })]);
        await store.create(group('new', { type: 'Meeting' }), [
          member('alice', { joinedAt: T0 + 3, nameCard: 'n' }),
        ]);
        await store.create(group('mid'), [owner]);
        await store.addMembers(app, 'mid', [member('alice', { joinedAt: T0 + 2 })], 10);
        await createGroup('other', ['bob']);
        expect(await store.memberships(app, 'alice', 10)).toEqual([
          { groupId: 'new', type: 'Meeting', member: member('alice', { joinedAt: T0 + 3, nameCard: 'n' }) },
          { groupId: 'mid', type: 'Public', member: member('alice', { joinedAt: T0 + 2 }) },
          { groupId: 'old', type: 'Work', member: member('alice', { joinedAt: T0 + 1 }) },
        ]);
        expect((await store.memberships(app, 'alice', 2)).map((m) => m.groupId)).toEqual(['new', 'mid']);
        expect(await store.countMemberships(app, 'alice')).toBe(3);
        expect(await store.countMemberships(app, 'zed')).toBe(0);
        expect(await store.memberships(app, 'zed', 10)).toEqual([]);
      });
    });

    describe('applications', () => {
      it('addApplication records, renews and lists applications; takeApplication deletes one', async () => {
        await createGroup();
        await store.addApplication(app, 'g', { userId: 'bob', wording: 'first', createdAt: T0 });
        await store.addApplication(app, 'g', { userId: 'alice', wording: 'hi 😀', createdAt: T0 + 1 });
        await store.addApplication(app, 'g', { userId: 'bob', wording: 'again', createdAt: T0 + 2 });
        const listed = await store.listApplications(app, 'g');
        expect([...listed].sort((x, y) => x.userId.localeCompare(y.userId))).toEqual([
          { userId: 'alice', wording: 'hi 😀', createdAt: T0 + 1 },
          { userId: 'bob', wording: 'again', createdAt: T0 + 2 },
        ]);
        expect(await store.takeApplication(app, 'g', 'bob')).toBe(true);
        expect(await store.takeApplication(app, 'g', 'bob')).toBe(false);
        expect((await store.listApplications(app, 'g')).map((a) => a.userId)).toEqual(['alice']);
      });

      it('an application to an unknown group is not stored', async () => {
        await store.addApplication(app, 'nope', { userId: 'bob', wording: '', createdAt: T0 });
        expect(await store.listApplications(app, 'nope')).toEqual([]);
        expect(await store.takeApplication(app, 'nope', 'bob')).toBe(false);
      });
    });

    describe('app isolation and deletion', () => {
      it('another app sees nothing of this app groups, and its writes change nothing here', async () => {
        const other = freshAppId();
        await createGroup('g', ['alice']);
        await store.addApplication(app, 'g', { userId: 'bob', wording: '', createdAt: T0 });
        expect(await store.get(other, 'g')).toBeUndefined();
        expect(await store.list(other, undefined, 10)).toEqual([]);
        expect(await store.memberships(other, 'alice', 10)).toEqual([]);
        expect(await store.countMemberships(other, 'alice')).toBe(0);
        expect(await store.listApplications(other, 'g')).toEqual([]);
        expect(await store.update(other, 'g', { name: 'x' }, T0)).toBeUndefined();
        expect(await store.removeMembers(other, 'g', ['alice'])).toEqual([]);
        expect(await store.takeApplication(other, 'g', 'bob')).toBe(false);
        expect(await store.destroy(other, 'g')).toBe(false);
        // The same ID in another app is another group.
        expect(await store.create({ ...group('g'), sdkAppId: other, name: 'theirs' }, [member('zed')])).toBe(
          true,
        );
        expect((await store.get(app, 'g'))?.name).toBe('Group g');
        expect(ids(await store.listMembers(app, 'g', undefined, 10))).toEqual(['alice', 'owner']);
        expect(await store.listApplications(app, 'g')).toHaveLength(1);
        await store.deleteApp(other);
      });

      it('deleteApp deletes one app groups, members and applications and returns how many groups', async () => {
        const other = freshAppId();
        for (const id of [app, other]) {
          for (const groupId of ['g', 'h']) {
            await store.create({ ...group(groupId), sdkAppId: id }, [owner, member('alice')]);
            await store.addApplication(id, groupId, { userId: 'bob', wording: '', createdAt: T0 });
          }
        }
        expect(await store.deleteApp(app)).toBe(2);
        expect(await store.list(app, undefined, 10)).toEqual([]);
        expect(await store.countMemberships(app, 'alice')).toBe(0);
        expect(await store.listApplications(app, 'g')).toEqual([]);
        expect(await store.deleteApp(app)).toBe(0);
        expect((await store.list(other, undefined, 10)).map((g) => g.groupId)).toEqual(['g', 'h']);
        expect(await store.countMemberships(other, 'alice')).toBe(2);
        expect(await store.listApplications(other, 'h')).toHaveLength(1);
        await store.deleteApp(other);
      });
    });
  });
}
