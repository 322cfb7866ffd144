import type { AppConfig, AppRecord, AppStore, NewAppRecord } from '@parley/app-config';
import { ParleyError } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

export interface AppStoreFixture {
  store: AppStore;
  /** A second instance over the same storage (what another node holds), to race against `store`. */
  peer?: AppStore;
  cleanup: () => Promise<void>;
}

const FIRST_SDK_APP_ID = 1_400_000_000;
const T0 = 1_700_000_000_000;

/**
 * Stores treat `config` as an opaque JSON object, so the suite uses JSON that exercises the encoding
 * (nesting, unicode beyond the BMP, numbers, nulls, empty values) rather than a schema-valid config.
 */
function sampleConfig(marker: string): AppConfig {
  const json = {
    marker,
    details: { name: `App ${marker} 🚀`, description: 'ünïcödé "quoted" \\ back\nslash', tags: ['a', 'b'] },
    messaging: { historyRetentionDays: 7, ratio: 0.25, negative: -3, big: 2 ** 40, flags: [true, false] },
    callbacks: { url: null, events: [], headers: {} },
    empty: '',
  };
  return json as unknown as AppConfig;
}

function newRecord(marker: string, overrides: Partial<NewAppRecord> = {}): NewAppRecord {
  return {
    status: 'active',
    sealedSecretKey: `sealed:${marker}:${'k'.repeat(120)}`,
    config: sampleConfig(marker),
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    terminatedAt: null,
    purgeAt: null,
    ...overrides,
  };
}

async function expectParleyError(promise: Promise<unknown>, name: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParleyError);
  expect(error).toMatchObject({ errorName: name });
}

/** The AppStore port's behaviour, run against every adapter. Tests tolerate apps left by earlier tests. */
export function describeAppStoreContract(adapterName: string, factory: () => Promise<AppStoreFixture>): void {
  describe(`AppStore contract: ${adapterName}`, () => {
    let fixture: AppStoreFixture;
    let store: AppStore;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const insert = (marker: string, overrides: Partial<NewAppRecord> = {}) =>
      store.insert(() => newRecord(marker, overrides));

    it('insert allocates an SDKAppID from 1400000000 upwards and passes it to build', async () => {
      let seen: number | undefined;
      const record = await store.insert((sdkAppId) => {
        seen = sdkAppId;
        return newRecord(`id-${sdkAppId}`);
      });
      expect(record.sdkAppId).toBe(seen);
      expect(Number.isSafeInteger(record.sdkAppId)).toBe(true);
      expect(record.sdkAppId).toBeGreaterThanOrEqual(FIRST_SDK_APP_ID);
      expect(record).toEqual({ ...newRecord(`id-${record.sdkAppId}`), sdkAppId: record.sdkAppId });
    });

    it('insert returns and stores exactly what build returned', async () => {
      const record = await insert('roundtrip', { createdAt: T0 + 1, updatedAt: T0 + 2, revision: 3 });
      expect(record).toMatchObject({ createdAt: T0 + 1, updatedAt: T0 + 2, revision: 3 });
      expect(await store.get(record.sdkAppId)).toEqual(record);
    });

    it('consecutive inserts get distinct, increasing SDKAppIDs', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await insert(`seq-${i}`)).sdkAppId);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('concurrent inserts (from two instances when available) never share an SDKAppID', async () => {
      const stores = [store, fixture.peer ?? store];
      const records = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (stores[i % 2] ?? store).insert(() => newRecord(`race-${i}`))),
      );
      const ids = records.map((r) => r.sdkAppId);
      expect(new Set(ids).size).toBe(40);
      for (const record of records) {
        expect((await store.get(record.sdkAppId))?.config).toEqual(record.config);
      }
    });

    it('insert rejects with the error build throws and stores nothing', async () => {
      const before = (await store.list()).length;
      const boom = new Error('build failed');
      await expect(
        store.insert(() => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect((await store.list()).length).toBe(before);
    });

    it('get returns undefined for an unknown SDKAppID', async () => {
      expect(await store.get(1)).toBeUndefined();
      expect(await store.get(FIRST_SDK_APP_ID - 1)).toBeUndefined();
    });

    it('config JSON and sealed secret round-trip unchanged', async () => {
      const record = await insert('json');
      const got = await store.get(record.sdkAppId);
      expect(got?.config).toEqual(sampleConfig('json'));
      expect(got?.sealedSecretKey).toBe(record.sealedSecretKey);
    });

    it('list returns every stored app as full records', async () => {
      const a = await insert('list-a');
      const b = await insert('list-b', { status: 'disabled' });
      const listed = await store.list();
      expect(listed).toContainEqual(a);
      expect(listed).toContainEqual(b);
      expect(new Set(listed.map((r) => r.sdkAppId)).size).toBe(listed.length);
    });

    it('update applies the change, bumps the revision and keeps the other fields', async () => {
      const record = await insert('upd');
      const updated = await store.update(record.sdkAppId, 1, { status: 'disabled', updatedAt: T0 + 10 });
      const expected: AppRecord = { ...record, status: 'disabled', updatedAt: T0 + 10, revision: 2 };
      expect(updated).toEqual(expected);
      expect(await store.get(record.sdkAppId)).toEqual(expected);
    });

    it('update replaces config as a whole and can set every changeable field', async () => {
      const record = await insert('all');
      const config = { marker: 'replaced', only: { this: [1, 2, 3] } } as unknown as AppConfig;
      const updated = await store.update(record.sdkAppId, record.revision, {
        status: 'terminated',
        sealedSecretKey: 'sealed:rotated',
        config,
        terminatedAt: T0 + 5,
        purgeAt: T0 + 6,
        updatedAt: T0 + 7,
      });
      expect(updated).toEqual({
        ...record,
        status: 'terminated',
        sealedSecretKey: 'sealed:rotated',
        config,
        terminatedAt: T0 + 5,
        purgeAt: T0 + 6,
        updatedAt: T0 + 7,
        revision: record.revision + 1,
      });
      expect(await store.get(record.sdkAppId)).toEqual(updated);
    });

    it('update can clear terminatedAt and purgeAt back to null', async () => {
      const record = await insert('clear', { status: 'terminated', terminatedAt: T0, purgeAt: T0 + 1 });
      const updated = await store.update(record.sdkAppId, 1, {
        status: 'active',
        terminatedAt: null,
        purgeAt: null,
        updatedAt: T0 + 2,
      });
      expect(updated).toMatchObject({ status: 'active', terminatedAt: null, purgeAt: null, revision: 2 });
    });

    it('successive updates each need the latest revision', async () => {
      const record = await insert('chain');
      const r2 = await store.update(record.sdkAppId, 1, { updatedAt: T0 + 1 });
      const r3 = await store.update(record.sdkAppId, r2.revision, { updatedAt: T0 + 2 });
      expect([r2.revision, r3.revision]).toEqual([2, 3]);
      await expectParleyError(store.update(record.sdkAppId, 2, { updatedAt: T0 + 3 }), 'REVISION_CONFLICT');
    });

    it('update with a stale or future revision throws REVISION_CONFLICT and changes nothing', async () => {
      const record = await insert('stale');
      await expectParleyError(
        store.update(record.sdkAppId, 0, { status: 'disabled', updatedAt: T0 + 1 }),
        'REVISION_CONFLICT',
      );
      await expectParleyError(
        store.update(record.sdkAppId, 2, { status: 'disabled', updatedAt: T0 + 1 }),
        'REVISION_CONFLICT',
      );
      expect(await store.get(record.sdkAppId)).toEqual(record);
    });

    it('update of an unknown app throws APP_NOT_FOUND', async () => {
      await expectParleyError(store.update(1, 1, { updatedAt: T0 }), 'APP_NOT_FOUND');
    });

    it('concurrent updates with the same expected revision: exactly one wins', async () => {
      const record = await insert('cas');
      const stores = [store, fixture.peer ?? store];
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          (stores[i % 2] ?? store).update(record.sdkAppId, 1, {
            sealedSecretKey: `sealed:winner-${i}`,
            updatedAt: T0 + i,
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const r of lost) expect(r.reason).toMatchObject({ errorName: 'REVISION_CONFLICT' });
      const final = await store.get(record.sdkAppId);
      expect(final?.revision).toBe(2);
      expect(final).toEqual(won[0]?.status === 'fulfilled' ? won[0].value : undefined);
    });

    it('listPurgeDue returns terminated apps whose purgeAt is at or before now', async () => {
      const now = T0 + 1_000_000;
      const due = await insert('due', { status: 'terminated', terminatedAt: T0, purgeAt: now - 1 });
      const exact = await insert('exact', { status: 'terminated', terminatedAt: T0, purgeAt: now });
      const later = await insert('later', { status: 'terminated', terminatedAt: T0, purgeAt: now + 1 });
      const noPurge = await insert('nopurge', { status: 'terminated', terminatedAt: T0, purgeAt: null });
      const active = await insert('active', { status: 'active', purgeAt: now - 1 });
      const disabled = await insert('disabled', { status: 'disabled', purgeAt: now - 1 });
      const listed = await store.listPurgeDue(now);
      expect(listed).toEqual(expect.arrayContaining([due.sdkAppId, exact.sdkAppId]));
      for (const id of [later, noPurge, active, disabled].map((r) => r.sdkAppId)) {
        expect(listed).not.toContain(id);
      }
      expect(new Set(listed).size).toBe(listed.length);
    });

    it('listPurgeDue sees terminations made through update', async () => {
      const record = await insert('terminate-later');
      const now = T0 + 5_000_000;
      expect(await store.listPurgeDue(now)).not.toContain(record.sdkAppId);
      await store.update(record.sdkAppId, 1, {
        status: 'terminated',
        terminatedAt: T0,
        purgeAt: now,
        updatedAt: T0,
      });
      expect(await store.listPurgeDue(now)).toContain(record.sdkAppId);
      expect(await store.listPurgeDue(now - 1)).not.toContain(record.sdkAppId);
    });

    it('delete removes exactly that app and reports whether it existed', async () => {
      const gone = await insert('gone', { status: 'terminated', terminatedAt: T0, purgeAt: T0 });
      const kept = await insert('kept');
      expect(await store.delete(gone.sdkAppId)).toBe(true);
      expect(await store.get(gone.sdkAppId)).toBeUndefined();
      expect(await store.get(kept.sdkAppId)).toEqual(kept);
      expect((await store.list()).map((r) => r.sdkAppId)).not.toContain(gone.sdkAppId);
      expect(await store.listPurgeDue(T0 + 1)).not.toContain(gone.sdkAppId);
      expect(await store.delete(gone.sdkAppId)).toBe(false);
      await expectParleyError(store.update(gone.sdkAppId, 1, { updatedAt: T0 }), 'APP_NOT_FOUND');
    });

    it('a deleted SDKAppID is never allocated again', async () => {
      const first = await insert('reuse-a');
      await store.delete(first.sdkAppId);
      const second = await insert('reuse-b');
      expect(second.sdkAppId).not.toBe(first.sdkAppId);
    });

    it('ping answers while the storage is reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
