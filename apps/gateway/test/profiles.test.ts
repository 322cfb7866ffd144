import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

const customFields = {
  user: [
    { name: 'Tag_Profile_Custom_Hobby' },
    { name: 'Tag_Profile_Custom_Phone', read: 'friends' },
    { name: 'Tag_Profile_Custom_Vip', write: 'admin' },
  ],
};

describe('profile.set and profile.get over the gateway', () => {
  it('sets the own profile, pushes `profile` to the other sessions only, and others read it', async () => {
    const app = await server.newApp({ customFields, multiLogin: { policy: 'multi-platform' } });
    const phone = await app.login('alice', { platform: 'android' });
    const web = await app.login('alice', { platform: 'web' });
    const bob = await app.login('bob');
    const set = {
      Tag_Profile_IM_Nick: 'Alice',
      Tag_Profile_IM_Gender: 'Gender_Type_Female',
      Tag_Profile_IM_BirthDay: 20_000_101,
      Tag_Profile_IM_Image: 'https://cdn.test/alice.png',
      Tag_Profile_Custom_Hobby: 'chess',
      Tag_Profile_Custom_Phone: '+47 000',
    };
    const { profile } = await phone.ok('profile.set', { profile: set });
    expect(profile).toMatchObject({ ...set, Tag_Profile_IM_AllowType: 'AllowType_Type_NeedConfirm' });
    expect(await web.nextPush('profile')).toEqual({ userId: 'alice', profile: set });
    await phone.barrier();
    expect(phone.pushesNamed('profile')).toEqual([]);

    const read = await bob.ok('profile.get', { userIds: ['alice', 'ghost'] });
    expect(read.notFound).toEqual(['ghost']);
    expect(read.profiles).toEqual([
      {
        userId: 'alice',
        profile: {
          Tag_Profile_IM_Nick: 'Alice',
          Tag_Profile_IM_Gender: 'Gender_Type_Female',
          Tag_Profile_IM_BirthDay: 20_000_101,
          Tag_Profile_IM_Location: '',
          Tag_Profile_IM_SelfSignature: '',
          Tag_Profile_IM_AllowType: 'AllowType_Type_NeedConfirm',
          Tag_Profile_IM_Language: 0,
          Tag_Profile_IM_Image: 'https://cdn.test/alice.png',
          Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_None',
          Tag_Profile_IM_Level: 0,
          Tag_Profile_IM_Role: 0,
          Tag_Profile_Custom_Hobby: 'chess',
          Tag_Profile_Custom_Vip: '',
        },
      },
    ]);
    const narrow = await bob.ok('profile.get', { userIds: ['alice'], tags: ['Tag_Profile_IM_Nick'] });
    expect(narrow.profiles).toEqual([{ userId: 'alice', profile: { Tag_Profile_IM_Nick: 'Alice' } }]);
  });

  it('AllowType set through the profile decides friend.add', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await bob.ok('profile.set', { profile: { Tag_Profile_IM_AllowType: 'AllowType_Type_DenyAny' } });
    expect(await alice.fail('friend.add', { to: 'bob' })).toMatchObject({ code: 30516 });
    await bob.ok('profile.set', { profile: { Tag_Profile_IM_AllowType: 'AllowType_Type_AllowAny' } });
    expect(await alice.ok('friend.add', { to: 'bob' })).toEqual({ userId: 'bob', relation: 'friends' });
    expect((await alice.ok('profile.get', { userIds: ['bob'] })).profiles[0]?.profile).toMatchObject({
      Tag_Profile_IM_AllowType: 'AllowType_Type_AllowAny',
    });
  });

  it('refuses bad tags and values with Tencent’s profile codes, changing nothing', async () => {
    const app = await server.newApp({ customFields });
    const alice = await app.login('alice');
    const cases: [Record<string, unknown>, string, number][] = [
      [{ Tag_Profile_Custom_Nope: 'x' }, 'PROFILE_TAG_UNKNOWN', 40009],
      [{ Tag_Profile_Custom_Vip: 'gold' }, 'PROFILE_NO_WRITE_PERMISSION', 40008],
      [{ Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_SendOut' }, 'PROFILE_NO_WRITE_PERMISSION', 40008],
      [{ Tag_Profile_IM_Gender: 'Gender_Type_Other' }, 'PROFILE_VALUE_INVALID', 40001],
      [{ Tag_Profile_IM_Image: 'javascript:alert(1)' }, 'PROFILE_VALUE_INVALID', 40001],
      [{ Tag_Profile_IM_Location: 'x'.repeat(17) }, 'PROFILE_VALUE_TOO_LONG', 40601],
      [{ Tag_Profile_IM_SelfSignature: 'x'.repeat(501) }, 'PROFILE_VALUE_TOO_LONG', 40601],
    ];
    for (const [values, name, code] of cases) {
      const error = await alice.fail('profile.set', {
        profile: { Tag_Profile_IM_Nick: 'Changed', ...values },
      });
      expect(error).toMatchObject({ name, code });
    }
    expect(
      await alice.fail('profile.get', { userIds: ['alice'], tags: ['Tag_Profile_IM_Nope'] }),
    ).toMatchObject({
      name: 'PROFILE_TAG_UNKNOWN',
      code: 40009,
    });
    for (const data of [
      { profile: {} },
      { profile: { Tag_Profile_IM_Level: -1 } },
      { profile: { Tag_Profile_IM_Level: 2 ** 32 } },
      { profile: { Tag_Profile_IM_Nick: null } },
    ]) {
      expect(await alice.fail('profile.set', data)).toMatchObject({ name: 'INVALID_REQUEST' });
    }
    const tooMany = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(await alice.fail('profile.get', { userIds: tooMany })).toMatchObject({ name: 'INVALID_REQUEST' });
    const [own] = (await alice.ok('profile.get', { userIds: ['alice'] })).profiles;
    expect(own?.profile).toMatchObject({ Tag_Profile_IM_Nick: '', Tag_Profile_Custom_Vip: '' });
  });

  it('friends-only fields: the friend reads them, a stranger does not', async () => {
    const app = await server.newApp({ customFields, friends: { defaultAddVerification: 'allow-any' } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const carol = await app.login('carol');
    await alice.ok('profile.set', { profile: { Tag_Profile_Custom_Phone: '+47 111' } });
    await bob.ok('friend.add', { to: 'alice' });
    const asFriend = await bob.ok('profile.get', { userIds: ['alice'], tags: ['Tag_Profile_Custom_Phone'] });
    expect(asFriend.profiles).toEqual([
      { userId: 'alice', profile: { Tag_Profile_Custom_Phone: '+47 111' } },
    ]);
    const asStranger = await carol.ok('profile.get', {
      userIds: ['alice'],
      tags: ['Tag_Profile_Custom_Phone'],
    });
    expect(asStranger.profiles).toEqual([{ userId: 'alice', profile: {} }]);
  });
});
