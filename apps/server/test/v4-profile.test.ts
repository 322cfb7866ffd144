import { describe, expect, it } from 'vitest';
import { suiteParley, type V4App } from './support/suite-parley.ts';

/** `/v4/profile/*` (portrait_set, portrait_get) as Tencent's REST docs show them; effects checked on the gateway. */
const suite = suiteParley();

const customFields = {
  user: [
    { name: 'Tag_Profile_Custom_Hobby' },
    { name: 'Tag_Profile_Custom_Vip', read: 'self', write: 'admin' },
  ],
};

async function newApp(): Promise<V4App> {
  const app = await suite.newV4App({ customFields });
  const imported = await app.rest.call('im_open_login_svc/multiaccount_import', {
    Accounts: ['alice', 'bob'],
  });
  expect(imported.body.ErrorCode).toBe(0);
  return app;
}

function failed(code: number) {
  return { status: 200, body: expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: code }) };
}

const portraitGet = async (app: V4App, To_Account: string[], TagList: string[]) =>
  (await app.rest.call('profile/portrait_get', { To_Account, TagList })).body;

describe('profile/portrait_set and portrait_get', () => {
  it('sets standard and custom tags as Tencent’s sample shows and reads them back per user', async () => {
    const app = await newApp();
    const set = await app.rest.call('profile/portrait_set', {
      From_Account: 'alice',
      ProfileItem: [
        { Tag: 'Tag_Profile_IM_Nick', Value: 'MyNickName' },
        { Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Male' },
        { Tag: 'Tag_Profile_IM_BirthDay', Value: 19_900_101 },
        { Tag: 'Tag_Profile_IM_Image', Value: 'https://cdn.test/alice.png' },
        { Tag: 'Tag_Profile_IM_AdminForbidType', Value: 'AdminForbid_Type_SendOut' },
        { Tag: 'Tag_Profile_Custom_Hobby', Value: 'chess' },
        { Tag: 'Tag_Profile_Custom_Vip', Value: 'gold' },
      ],
    });
    expect(set).toEqual({ status: 200, body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } });

    const tags = [
      'Tag_Profile_IM_Nick',
      'Tag_Profile_IM_AllowType',
      'Tag_Profile_IM_BirthDay',
      'Tag_Profile_IM_AdminForbidType',
      'Tag_Profile_Custom_Vip',
    ];
    expect(await portraitGet(app, ['alice', 'ghost', 'bob'], tags)).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      UserProfileItem: [
        {
          To_Account: 'alice',
          ProfileItem: [
            { Tag: 'Tag_Profile_IM_Nick', Value: 'MyNickName' },
            { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_NeedConfirm' },
            { Tag: 'Tag_Profile_IM_BirthDay', Value: 19_900_101 },
            { Tag: 'Tag_Profile_IM_AdminForbidType', Value: 'AdminForbid_Type_SendOut' },
            { Tag: 'Tag_Profile_Custom_Vip', Value: 'gold' },
          ],
          ResultCode: 0,
          ResultInfo: '',
        },
        { To_Account: 'ghost', ProfileItem: [], ResultCode: 40003, ResultInfo: expect.any(String) },
        {
          To_Account: 'bob',
          ProfileItem: [
            { Tag: 'Tag_Profile_IM_Nick', Value: '' },
            { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_NeedConfirm' },
            { Tag: 'Tag_Profile_IM_BirthDay', Value: 0 },
            { Tag: 'Tag_Profile_IM_AdminForbidType', Value: 'AdminForbid_Type_None' },
            { Tag: 'Tag_Profile_Custom_Vip', Value: '' },
          ],
          ResultCode: 0,
          ResultInfo: '',
        },
      ],
      Fail_Account: ['ghost'],
    });
  });

  it('what the admin sets, users see over the gateway; a self-only field stays the owner’s', async () => {
    const app = await newApp();
    await app.rest.call('profile/portrait_set', {
      From_Account: 'alice',
      ProfileItem: [
        { Tag: 'Tag_Profile_IM_Nick', Value: 'Alice' },
        { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_AllowAny' },
        { Tag: 'Tag_Profile_Custom_Vip', Value: 'gold' },
      ],
    });
    const alice = await suite.login(app.chat, 'alice');
    const bob = await suite.login(app.chat, 'bob');
    const seen = await bob.socket.ok('profile.get', { userIds: ['alice'] });
    expect(seen.profiles[0]?.profile).toMatchObject({ Tag_Profile_IM_Nick: 'Alice' });
    expect(seen.profiles[0]?.profile).not.toHaveProperty('Tag_Profile_Custom_Vip');
    const own = await alice.socket.ok('profile.get', { userIds: ['alice'] });
    expect(own.profiles[0]?.profile).toMatchObject({ Tag_Profile_Custom_Vip: 'gold' });
    // AllowType_Type_AllowAny: bob's friend.add succeeds at once.
    expect(await bob.socket.ok('friend.add', { to: 'alice' })).toEqual({
      userId: 'alice',
      relation: 'friends',
    });
    // A user's own profile.set is read by the REST API.
    await bob.socket.ok('profile.set', { profile: { Tag_Profile_IM_SelfSignature: 'hello' } });
    const read = await portraitGet(app, ['bob'], ['Tag_Profile_IM_SelfSignature']);
    expect(read.UserProfileItem).toEqual([
      {
        To_Account: 'bob',
        ProfileItem: [{ Tag: 'Tag_Profile_IM_SelfSignature', Value: 'hello' }],
        ResultCode: 0,
        ResultInfo: '',
      },
    ]);
  });

  it('bad input fails with Tencent’s codes, HTTP 200, and changes nothing', async () => {
    const app = await newApp();
    const setOf = (ProfileItem: unknown, From_Account: unknown = 'alice') =>
      app.rest.call('profile/portrait_set', { From_Account, ProfileItem });
    expect(await setOf([{ Tag: 'Tag_Profile_Custom_Nope', Value: 'x' }])).toMatchObject(failed(40009));
    expect(await setOf([{ Tag: 'Tag_Profile_IM_Gender', Value: 'male' }])).toMatchObject(failed(40001));
    expect(await setOf([{ Tag: 'Tag_Profile_IM_Level', Value: 'high' }])).toMatchObject(failed(40001));
    expect(await setOf([{ Tag: 'Tag_Profile_IM_Location', Value: 'x'.repeat(17) }])).toMatchObject(
      failed(40601),
    );
    expect(await setOf([{ Tag: 'Tag_Profile_IM_Nick', Value: 'x' }], 'ghost')).toMatchObject(failed(40003));
    for (const bad of [
      [],
      [{ Tag: 'Tag_Profile_IM_Nick' }],
      [{ Tag: 'Tag_Profile_IM_Level', Value: -1 }],
      'x',
    ]) {
      expect(await setOf(bad)).toMatchObject(failed(40001));
    }
    expect(await app.rest.call('profile/portrait_set', { ProfileItem: [] })).toMatchObject(failed(40001));
    // All or nothing: the valid Nick next to an unknown tag is not kept.
    await setOf([
      { Tag: 'Tag_Profile_IM_Nick', Value: 'Kept?' },
      { Tag: 'Tag_Profile_Custom_Nope', Value: 'x' },
    ]);
    const after = await portraitGet(app, ['alice'], ['Tag_Profile_IM_Nick']);
    expect(after.UserProfileItem).toEqual([
      {
        To_Account: 'alice',
        ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: '' }],
        ResultCode: 0,
        ResultInfo: '',
      },
    ]);

    const tooMany = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(
      await app.rest.call('profile/portrait_get', { To_Account: tooMany, TagList: ['Tag_Profile_IM_Nick'] }),
    ).toMatchObject(failed(40001));
    expect(await app.rest.call('profile/portrait_get', { To_Account: ['alice'], TagList: [] })).toMatchObject(
      failed(40001),
    );
    expect(
      await app.rest.call('profile/portrait_get', {
        To_Account: ['alice'],
        TagList: ['Tag_Profile_IM_Nope'],
      }),
    ).toMatchObject(failed(40009));
  });

  it('account_delete deletes the profile: imported again, the account starts with an empty one', async () => {
    const app = await newApp();
    await app.rest.call('profile/portrait_set', {
      From_Account: 'alice',
      ProfileItem: [
        { Tag: 'Tag_Profile_IM_Nick', Value: 'Alice' },
        { Tag: 'Tag_Profile_IM_Location', Value: 'Oslo' },
        { Tag: 'Tag_Profile_Custom_Hobby', Value: 'chess' },
      ],
    });
    const deleted = await app.rest.call('im_open_login_svc/account_delete', {
      DeleteItem: [{ UserID: 'alice' }],
    });
    expect(deleted.body.ErrorCode).toBe(0);
    const tags = ['Tag_Profile_IM_Nick', 'Tag_Profile_IM_Location', 'Tag_Profile_Custom_Hobby'];
    expect((await portraitGet(app, ['alice'], tags)).Fail_Account).toEqual(['alice']);
    await app.rest.call('im_open_login_svc/account_import', { UserID: 'alice' });
    expect((await portraitGet(app, ['alice'], tags)).UserProfileItem).toEqual([
      {
        To_Account: 'alice',
        ProfileItem: [
          { Tag: 'Tag_Profile_IM_Nick', Value: '' },
          { Tag: 'Tag_Profile_IM_Location', Value: '' },
          { Tag: 'Tag_Profile_Custom_Hobby', Value: '' },
        ],
        ResultCode: 0,
        ResultInfo: '',
      },
    ]);
  });
});
