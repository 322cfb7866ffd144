import { join } from 'node:path';
import {
  createEmbeddedStores,
  type EmbeddedDatabase,
  type EmbeddedStores,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { startTestParley, type TestParley } from '@parley/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const DAY = 86_400_000;

describe('retention jobs on the whole product, with a simulated clock', () => {
  let time = Date.UTC(2026, 0, 31, 12, 0, 0);
  let parley: TestParley;
  // A second connection to the server's SQLite file: the test seeds and inspects through the ports, as another
  // process would, not through the server's internals.
  let db: EmbeddedDatabase;
  let stores: EmbeddedStores;

  beforeEach(async () => {
    time = Date.UTC(2026, 0, 31, 12, 0, 0);
    parley = await startTestParley({}, { clock: { now: () => time } });
    db = openEmbeddedDatabase(join(parley.dataDir, 'parley.db'));
    stores = createEmbeddedStores({ db });
  });
  afterEach(async () => {
    db.close();
    await parley.close();
  });

  async function seed(sdkAppId: number) {
    const { accounts, relations, log, topics } = stores;
    await accounts.importAccounts(sdkAppId, [{ userId: 'alice' }, { userId: 'bob' }], time);
    await relations.addFriends(sdkAppId, 'alice', 'bob', time);
    await accounts.update(sdkAppId, 'alice', {
      nick: 'Alice',
      profileFields: { Tag_Profile_IM_Location: 'Oslo', Tag_Profile_Custom_Hobby: 'chess' },
    });
    await topics.create(
      {
        sdkAppId,
        groupId: '@TGS#_c',
        topicId: '@TGS#_c@TOPIC#_t',
        name: 't',
        introduction: '',
        notification: '',
        faceUrl: '',
        customData: '',
        muteAll: false,
        createdAt: time,
        updatedAt: time,
      },
      200,
    );
    await log.append({
      sdkAppId,
      conversationId: 'c2c:alice:bob',
      from: 'alice',
      to: 'bob',
      random: 1,
      time,
      body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }],
    });
  }

  it('deletes a terminated app with its users (profiles included), relations and messages exactly 2 calendar months later', async () => {
    const gone = await parley.createApp();
    const kept = await parley.createApp({ messaging: { historyRetentionDays: 3650 } });
    await seed(gone.sdkAppId);
    await seed(kept.sdkAppId);

    const terminated = await parley.admin('DELETE', `/v1/apps/${gone.sdkAppId}`);
    expect(terminated.status).toBe(200);
    // 31 January + 2 months = 31 March, same time of day.
    expect((terminated.body as { purgeAt: string }).purgeAt).toBe('2026-03-31T12:00:00.000Z');
    const purgeAt = Date.UTC(2026, 2, 31, 12, 0, 0);
    const { accounts, messages, relations } = stores;

    time = purgeAt - 1;
    expect(await parley.server.retention.purgeTerminatedApps()).toEqual({
      apps: 0,
      messages: 0,
      accounts: 0,
    });
    expect((await parley.admin('GET', `/v1/apps/${gone.sdkAppId}`)).status).toBe(200);
    expect(await accounts.count(gone.sdkAppId)).toBe(2);

    time = purgeAt;
    expect(await parley.server.retention.purgeTerminatedApps()).toEqual({
      apps: 1,
      messages: 1,
      accounts: 2,
    });
    expect((await parley.admin('GET', `/v1/apps/${gone.sdkAppId}`)).status).toBe(404);
    expect(await accounts.count(gone.sdkAppId)).toBe(0);
    expect(await accounts.getMany(gone.sdkAppId, ['alice', 'bob'])).toEqual([]);
    expect(await relations.areFriends(gone.sdkAppId, 'alice', 'bob')).toBe(false);
    expect(await messages.get(gone.sdkAppId, 'c2c:alice:bob', 1)).toBeUndefined();
    expect(await stores.topics.list(gone.sdkAppId, '@TGS#_c')).toEqual([]);

    // The other app is untouched.
    expect((await parley.admin('GET', `/v1/apps/${kept.sdkAppId}`)).status).toBe(200);
    expect(await accounts.count(kept.sdkAppId)).toBe(2);
    expect((await accounts.get(kept.sdkAppId, 'alice'))?.profileFields).toEqual({
      Tag_Profile_IM_Location: 'Oslo',
      Tag_Profile_Custom_Hobby: 'chess',
    });
    expect(await relations.areFriends(kept.sdkAppId, 'alice', 'bob')).toBe(true);
    expect(await messages.get(kept.sdkAppId, 'c2c:alice:bob', 1)).toBeDefined();
    expect(await stores.topics.list(kept.sdkAppId, '@TGS#_c')).toHaveLength(1);
  });

  it("deletes messages once older than each app's history storage period, and only those", async () => {
    const week = await parley.createApp();
    const month = await parley.createApp({ messaging: { historyRetentionDays: 30 } });
    await seed(week.sdkAppId);
    await seed(month.sdkAppId);
    const stored = time;
    const { messages } = stores;

    time = stored + 7 * DAY;
    expect((await parley.server.retention.expireHistory()).messages).toBe(0);
    expect(await messages.get(week.sdkAppId, 'c2c:alice:bob', 1)).toBeDefined();

    time = stored + 7 * DAY + 1;
    expect((await parley.server.retention.expireHistory()).messages).toBe(1);
    expect(await messages.get(week.sdkAppId, 'c2c:alice:bob', 1)).toBeUndefined();
    expect(await messages.get(month.sdkAppId, 'c2c:alice:bob', 1)).toBeDefined();

    time = stored + 30 * DAY + 1;
    expect((await parley.server.retention.expireHistory()).messages).toBe(1);
    expect(await messages.get(month.sdkAppId, 'c2c:alice:bob', 1)).toBeUndefined();

    // The sequence continues after expiry: a new message never reuses a seq.
    const next = await stores.log.append({
      sdkAppId: week.sdkAppId,
      conversationId: 'c2c:alice:bob',
      from: 'bob',
      to: 'alice',
      random: 2,
      time,
      body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'again' } }],
    });
    expect(next.seq).toBe(2);
  });
});
