import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStoreFixture } from './account-store-contract.ts';
import { freshAppId } from './fresh-app-id.ts';

const T0 = 1_700_000_000_000;

/** The AccountStore port's profile tags (`profileFields`, `getMany`), run against every adapter with the rest. */
export function describeAccountProfileContract(
  adapterName: string,
  factory: () => Promise<AccountStoreFixture>,
): void {
  describe(`AccountStore profile contract: ${adapterName}`, () => {
    let fixture: AccountStoreFixture;
    let app: number;

    beforeEach(async () => {
      fixture = await factory();
      app = freshAppId();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('update merges profile tags: the given ones replace theirs, the others stay', async () => {
      const { store } = fixture;
      await store.importAccounts(app, [{ userId: 'pia' }], T0);
      await store.update(app, 'pia', {
        profileFields: { Tag_Profile_IM_Gender: 'Gender_Type_Female', Tag_Profile_IM_Level: 7 },
      });
      const updated = await store.update(app, 'pia', {
        nick: 'Pia',
        profileFields: { Tag_Profile_IM_Level: 4_294_967_295, Tag_Profile_Custom_Hobby: 'chess 😀' },
      });
      const expected = {
        Tag_Profile_IM_Gender: 'Gender_Type_Female',
        Tag_Profile_IM_Level: 4_294_967_295,
        Tag_Profile_Custom_Hobby: 'chess 😀',
      };
      expect(updated).toMatchObject({ nick: 'Pia', profileFields: expected });
      expect((await store.get(app, 'pia'))?.profileFields).toEqual(expected);
    });

    it('update with empty profile tags changes nothing; a missing account gives undefined', async () => {
      const { store } = fixture;
      await store.importAccounts(app, [{ userId: 'quin' }], T0);
      await store.update(app, 'quin', { profileFields: { Tag_Profile_IM_Role: 2 } });
      expect((await store.update(app, 'quin', { profileFields: {} }))?.profileFields).toEqual({
        Tag_Profile_IM_Role: 2,
      });
      expect(await store.update(app, 'ghost', { profileFields: { Tag_Profile_IM_Role: 1 } })).toBeUndefined();
      expect(await store.get(app, 'ghost')).toBeUndefined();
    });

    it('concurrent updates of different tags both stay', async () => {
      const { store } = fixture;
      const other = fixture.peer ?? store;
      await store.importAccounts(app, [{ userId: 'rex' }], T0);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? store : other).update(app, 'rex', {
            profileFields: { [`Tag_Profile_Custom_F${'abcdefghij'[i]}`]: `${i}` },
          }),
        ),
      );
      expect(Object.keys((await store.get(app, 'rex'))?.profileFields ?? {}).sort()).toEqual(
        [...'abcdefghij'].map((c) => `Tag_Profile_Custom_F${c}`),
      );
    });

    it('getMany returns the accounts that exist, with their profile tags', async () => {
      const { store } = fixture;
      await store.importAccounts(app, [{ userId: 'sam', nick: 'Sam' }, { userId: 'tia' }], T0);
      await store.update(app, 'tia', { profileFields: { Tag_Profile_IM_Location: 'Oslo' } });
      const found = await store.getMany(app, ['tia', 'ghost', 'sam', 'tia']);
      expect(found.map((a) => a.userId).sort()).toEqual(['sam', 'tia']);
      expect(found.find((a) => a.userId === 'tia')?.profileFields).toEqual({
        Tag_Profile_IM_Location: 'Oslo',
      });
      expect(found.find((a) => a.userId === 'sam')).toMatchObject({ nick: 'Sam', profileFields: {} });
      expect(await store.getMany(app, [])).toEqual([]);
      expect(await store.getMany(freshAppId(), ['sam'])).toEqual([]);
    });

    it('deleting an account deletes its profile: imported again, it starts empty', async () => {
      const { store } = fixture;
      await store.importAccounts(app, [{ userId: 'uma', nick: 'Uma' }], T0);
      await store.update(app, 'uma', { profileFields: { Tag_Profile_Custom_Secret: 'x' } });
      expect(await store.delete(app, ['uma'])).toEqual(['uma']);
      await store.importAccounts(app, [{ userId: 'uma' }], T0 + 1);
      expect(await store.get(app, 'uma')).toMatchObject({ nick: '', profileFields: {} });
    });

    it('deleting the app deletes its profiles and no other app’s', async () => {
      const { store } = fixture;
      const otherApp = freshAppId();
      for (const id of [app, otherApp]) {
        await store.importAccounts(id, [{ userId: 'vic' }], T0);
        await store.update(id, 'vic', { profileFields: { Tag_Profile_IM_SelfSignature: `in ${id}` } });
      }
      await store.deleteApp(app);
      expect(await store.get(app, 'vic')).toBeUndefined();
      expect(await store.getMany(app, ['vic'])).toEqual([]);
      expect((await store.get(otherApp, 'vic'))?.profileFields).toEqual({
        Tag_Profile_IM_SelfSignature: `in ${otherApp}`,
      });
    });
  });
}
