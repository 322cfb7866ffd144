import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileService } from '../src/index.ts';
import { createDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

let f: DomainFixture;
let profiles: ProfileService;
let sdkAppId: number;

const customFields = {
  user: [
    { name: 'Tag_Profile_Custom_Hobby' },
    { name: 'Tag_Profile_Custom_Phone', read: 'friends' },
    { name: 'Tag_Profile_Custom_Diary', read: 'self' },
    { name: 'Tag_Profile_Custom_Vip', write: 'admin' },
  ],
};

beforeEach(async () => {
  f = createDomainFixture();
  profiles = new ProfileService({
    accounts: f.stores.accounts,
    relations: f.stores.relations,
    delivery: f.pushes,
  });
  ({ sdkAppId } = await f.newApp({ customFields }, ['alice', 'bob', 'carol']));
});
afterEach(() => f.close());

const as = (userId: string) => f.actor(sdkAppId, userId);
const set = async (userId: string, profile: Record<string, string | number>) =>
  profiles.set(await as(userId), { profile });
const get = async (userId: string, userIds: string[], tags?: string[]) =>
  profiles.get(await as(userId), tags ? { userIds, tags } : { userIds });

describe('ProfileService.set', () => {
  it('sets standard and custom tags; nick, image and AllowType are the account’s own fields', async () => {
    const { profile } = await set('alice', {
      Tag_Profile_IM_Nick: 'Alice 😀',
      Tag_Profile_IM_Gender: 'Gender_Type_Female',
      Tag_Profile_IM_BirthDay: 19_990_419,
      Tag_Profile_IM_Location: '1234',
      Tag_Profile_IM_Image: 'https://cdn.test/a.png',
      Tag_Profile_IM_AllowType: 'AllowType_Type_DenyAny',
      Tag_Profile_IM_Level: 4_294_967_295,
      Tag_Profile_Custom_Hobby: 'chess',
    });
    expect(profile).toMatchObject({
      Tag_Profile_IM_Nick: 'Alice 😀',
      Tag_Profile_IM_Gender: 'Gender_Type_Female',
      Tag_Profile_IM_BirthDay: 19_990_419,
      Tag_Profile_IM_SelfSignature: '',
      Tag_Profile_IM_Role: 0,
      Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_None',
      Tag_Profile_Custom_Hobby: 'chess',
      Tag_Profile_Custom_Diary: '',
    });
    expect(await f.stores.accounts.get(sdkAppId, 'alice')).toMatchObject({
      nick: 'Alice 😀',
      faceUrl: 'https://cdn.test/a.png',
      addVerification: 'deny-any',
    });
    expect(f.pushes.pushes).toEqual([
      expect.objectContaining({
        push: 'profile',
        targets: [{ userId: 'alice', exceptInstanceId: 'alice-1' }],
      }),
    ]);
  });

  it('AllowType feeds the friend-add verification', async () => {
    await set('bob', { Tag_Profile_IM_AllowType: 'AllowType_Type_DenyAny' });
    await expect(f.relations().addFriend(await as('alice'), { to: 'bob' })).rejects.toMatchObject({
      errorName: 'FRIEND_ADD_DENIED',
    });
    await set('bob', { Tag_Profile_IM_AllowType: 'AllowType_Type_AllowAny' });
    expect(await f.relations().addFriend(await as('alice'), { to: 'bob' })).toEqual({
      userId: 'bob',
      relation: 'friends',
    });
  });

  it.each([
    [{ Tag_Profile_Custom_Nope: 'x' }, 'PROFILE_TAG_UNKNOWN', 40009],
    [{ Tag_Profile_IM_MsgSettings: 1 }, 'PROFILE_TAG_UNKNOWN', 40009],
    [{ Tag_Profile_Custom_Vip: 'gold' }, 'PROFILE_NO_WRITE_PERMISSION', 40008],
    [{ Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_SendOut' }, 'PROFILE_NO_WRITE_PERMISSION', 40008],
    [{ Tag_Profile_IM_Gender: 'Gender_Type_Other' }, 'PROFILE_VALUE_INVALID', 40001],
    [{ Tag_Profile_IM_BirthDay: '19990419' }, 'PROFILE_VALUE_INVALID', 40001],
    [{ Tag_Profile_IM_Nick: 7 }, 'PROFILE_VALUE_INVALID', 40001],
    [{ Tag_Profile_Custom_Hobby: 7 }, 'PROFILE_VALUE_INVALID', 40001],
    [{ Tag_Profile_IM_Image: 'javascript:alert(1)' }, 'PROFILE_VALUE_INVALID', 40001],
    [{ Tag_Profile_IM_Location: '12345678901234567' }, 'PROFILE_VALUE_TOO_LONG', 40601],
    [{ Tag_Profile_IM_Nick: 'é'.repeat(251) }, 'PROFILE_VALUE_TOO_LONG', 40601],
    [{ Tag_Profile_Custom_Hobby: 'x'.repeat(501) }, 'PROFILE_VALUE_TOO_LONG', 40601],
  ])('refuses %j with %s, and changes nothing', async (values, errorName, code) => {
    await expect(set('alice', { Tag_Profile_IM_Nick: 'Before', ...values })).rejects.toMatchObject({
      errorName,
      code,
    });
    expect(await f.stores.accounts.get(sdkAppId, 'alice')).toMatchObject({ nick: '', profileFields: {} });
    expect(f.pushes.pushes).toEqual([]);
  });

  it('the admin writes admin-only tags; a missing account is 40003', async () => {
    const app = await f.configure(sdkAppId, {});
    const admin = { admin: true } as const;
    const written = await profiles.write(app, admin, 'bob', {
      Tag_Profile_Custom_Vip: 'gold',
      Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_SendOut',
    });
    expect(written).toMatchObject({
      Tag_Profile_Custom_Vip: 'gold',
      Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_SendOut',
    });
    expect(f.pushes.pushes).toEqual([
      expect.objectContaining({ push: 'profile', targets: [{ userId: 'bob' }] }),
    ]);
    await expect(profiles.write(app, admin, 'ghost', { Tag_Profile_IM_Nick: 'x' })).rejects.toMatchObject({
      errorName: 'PROFILE_ACCOUNT_NOT_FOUND',
      code: 40003,
    });
  });
});

describe('ProfileService.get', () => {
  beforeEach(async () => {
    const app = await f.configure(sdkAppId, {});
    for (const userId of ['alice', 'bob']) {
      await profiles.write(app, { admin: true }, userId, {
        Tag_Profile_IM_Nick: userId,
        Tag_Profile_Custom_Hobby: `${userId} hobby`,
        Tag_Profile_Custom_Phone: `${userId} phone`,
        Tag_Profile_Custom_Diary: `${userId} diary`,
      });
    }
  });

  it('custom fields by read scope: all for anyone, friends for friends, self for the owner', async () => {
    const [own] = (await get('alice', ['alice'])).profiles;
    expect(own?.profile).toMatchObject({
      Tag_Profile_Custom_Hobby: 'alice hobby',
      Tag_Profile_Custom_Phone: 'alice phone',
      Tag_Profile_Custom_Diary: 'alice diary',
    });
    const [stranger] = (await get('alice', ['bob'])).profiles;
    expect(stranger?.profile).toMatchObject({
      Tag_Profile_IM_Nick: 'bob',
      Tag_Profile_Custom_Hobby: 'bob hobby',
    });
    expect(stranger?.profile).not.toHaveProperty('Tag_Profile_Custom_Phone');
    expect(stranger?.profile).not.toHaveProperty('Tag_Profile_Custom_Diary');

    await f.configure(sdkAppId, { friends: { defaultAddVerification: 'allow-any' } });
    await f.relations().addFriend(await as('alice'), { to: 'bob' });
    const [friend] = (await get('alice', ['bob'])).profiles;
    expect(friend?.profile).toMatchObject({ Tag_Profile_Custom_Phone: 'bob phone' });
    expect(friend?.profile).not.toHaveProperty('Tag_Profile_Custom_Diary');
  });

  it('a list in the order asked, duplicates once, unknown users in notFound; tags narrow it', async () => {
    const result = await get(
      'carol',
      ['bob', 'ghost', 'alice', 'bob'],
      ['Tag_Profile_IM_Nick', 'Tag_Profile_Custom_Diary'],
    );
    expect(result).toEqual({
      profiles: [
        { userId: 'bob', profile: { Tag_Profile_IM_Nick: 'bob' } },
        { userId: 'alice', profile: { Tag_Profile_IM_Nick: 'alice' } },
      ],
      notFound: ['ghost'],
    });
    await expect(get('carol', ['bob'], ['Tag_Profile_Custom_Nope'])).rejects.toMatchObject({ code: 40009 });
  });

  it('AllowType reads as the app default until the user sets one', async () => {
    const read = async () =>
      (await get('carol', ['alice'], ['Tag_Profile_IM_AllowType'])).profiles[0]?.profile;
    expect(await read()).toEqual({ Tag_Profile_IM_AllowType: 'AllowType_Type_NeedConfirm' });
    await f.configure(sdkAppId, { friends: { defaultAddVerification: 'allow-any' } });
    expect(await read()).toEqual({ Tag_Profile_IM_AllowType: 'AllowType_Type_AllowAny' });
  });

  it('the admin reads every custom field', async () => {
    const app = await f.configure(sdkAppId, {});
    const [read] = await profiles.read(app, { admin: true }, ['bob']);
    expect(read?.profile).toMatchObject({
      Tag_Profile_Custom_Diary: 'bob diary',
      Tag_Profile_Custom_Phone: 'bob phone',
    });
  });
});
