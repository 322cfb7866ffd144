import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetentionJobs } from '../src/index.ts';
import { createDomainFixture, type DomainFixture } from './support/domain-fixture.ts';
import { START } from './support/doubles.ts';

const DAY = 86_400_000;

let f: DomainFixture;
let jobs: RetentionJobs;
let reports: [string, Record<string, number>][];
let purged: number[];
let extraDeleted: number[];

beforeEach(() => {
  f = createDomainFixture();
  reports = [];
  purged = [];
  extraDeleted = [];
  jobs = new RetentionJobs({
    apps: f.stores.apps,
    messages: f.stores.messages,
    conversations: f.stores.conversations,
    accounts: f.stores.accounts,
    relations: f.stores.relations,
    groups: f.stores.groups,
    extra: [
      {
        deleteApp: async (sdkAppId) => {
          extraDeleted.push(sdkAppId);
          return 4;
        },
      },
    ],
    clock: f.clock,
    report: (job, counts) => reports.push([job, counts]),
    onAppPurged: (sdkAppId) => void purged.push(sdkAppId),
  });
});
afterEach(() => f.close());

const message = (sdkAppId: number, time: number, random = time) =>
  f.appendMessage(sdkAppId, 'alice', 'bob', time, random);
const storeGroup = (sdkAppId: number) =>
  f.stores.groups.create(
    {
      sdkAppId,
      groupId: 'team',
      type: 'Work',
      name: 'team',
      introduction: '',
      notification: '',
      faceUrl: '',
      ownerId: 'alice',
      applyJoinOption: 'DisableApply',
      maxMembers: 200,
      muteAll: false,
      customFields: {},
      createdAt: START,
      updatedAt: START,
    },
    [
      {
        userId: 'alice',
        role: 'Owner',
        joinedAt: START,
        joinSeq: 0,
        nameCard: '',
        mutedUntil: null,
        msgFlag: 'AcceptAndNotify',
        readSeq: 0,
        customFields: {},
      },
    ],
  );
const messages = (sdkAppId: number) => f.stores.messages.listAfter(sdkAppId, 'c2c:alice:bob', 0, 100, 0);

describe('RetentionJobs.purgeTerminatedApps', () => {
  it('deletes a terminated app and all its data once its purge date is reached, and nothing else', async () => {
    const doomed = (await f.newApp({}, ['alice', 'bob'])).sdkAppId;
    const kept = (await f.newApp({}, ['alice', 'bob'])).sdkAppId;
    for (const sdkAppId of [doomed, kept]) {
      await message(sdkAppId, START, 1);
      await message(sdkAppId, START, 2);
      await f.stores.relations.addFriends(sdkAppId, 'alice', 'bob', START);
      await f.stores.relations.addToBlacklist(sdkAppId, 'bob', ['alice'], START);
      await storeGroup(sdkAppId);
    }
    await f.appConfig.terminate(doomed);
    const purgeAt = (await f.stores.apps.get(doomed))?.purgeAt ?? 0;
    expect(purgeAt).toBeGreaterThan(START + 55 * DAY);

    f.clock.advance(purgeAt - START - 1);
    expect(await jobs.purgeTerminatedApps()).toEqual({ apps: 0, messages: 0, accounts: 0 });
    expect((await messages(doomed)).length).toBe(2);

    f.clock.advance(1);
    expect(await jobs.purgeTerminatedApps()).toEqual({ apps: 1, messages: 2, accounts: 2 });
    expect(await f.stores.apps.get(doomed)).toBeUndefined();
    expect(await messages(doomed)).toEqual([]);
    expect(await f.stores.conversations.list(doomed, 'alice', 100)).toEqual([]);
    expect(await f.stores.relations.listFriends(doomed, 'alice')).toEqual([]);
    expect(await f.stores.relations.listBlacklist(doomed, 'bob')).toEqual([]);
    expect(await f.stores.accounts.count(doomed)).toBe(0);
    expect(await f.stores.groups.get(doomed, 'team')).toBeUndefined();
    expect(await f.stores.groups.memberships(doomed, 'alice', 10)).toEqual([]);
    expect([extraDeleted, purged]).toEqual([[doomed], [doomed]]);

    expect((await messages(kept)).length).toBe(2);
    expect(await f.stores.accounts.count(kept)).toBe(2);
    expect(await f.stores.groups.get(kept, 'team')).toMatchObject({ name: 'team' });
    expect(await f.stores.relations.listBlacklist(kept, 'bob')).toEqual(['alice']);
    expect(reports).toEqual([
      ['purge-terminated-apps', { apps: 0, messages: 0, accounts: 0 }],
      ['purge-terminated-apps', { apps: 1, messages: 2, accounts: 2 }],
    ]);
  });
});

describe('RetentionJobs.expireHistory', () => {
  it('deletes each app’s messages older than its own history period', async () => {
    const short = (await f.newApp({ messaging: { historyRetentionDays: 1 } }, [])).sdkAppId;
    const long = (await f.newApp({}, [])).sdkAppId;
    for (const sdkAppId of [short, long]) {
      await message(sdkAppId, START);
      await message(sdkAppId, START + 2 * DAY);
    }
    f.clock.advance(3 * DAY);

    expect(await jobs.expireHistory()).toEqual({ apps: 2, messages: 1 });
    expect((await messages(short)).map((m) => m.time)).toEqual([START + 2 * DAY]);
    expect((await messages(long)).map((m) => m.time)).toEqual([START, START + 2 * DAY]);
    expect(reports).toEqual([['expire-history', { apps: 2, messages: 1 }]]);

    f.clock.advance(5 * DAY);
    expect(await jobs.expireHistory()).toEqual({ apps: 2, messages: 2 });
    expect((await messages(long)).map((m) => m.time)).toEqual([START + 2 * DAY]);
  });
});

describe('RetentionJobs.runAll', () => {
  it('purges terminated apps, then expires history', async () => {
    await f.newApp({}, []);
    await jobs.runAll();
    expect(reports).toEqual([
      ['purge-terminated-apps', { apps: 0, messages: 0, accounts: 0 }],
      ['expire-history', { apps: 1, messages: 0 }],
    ]);
  });
});
