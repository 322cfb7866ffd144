import type { AppConfig, AppRecord, AppStore, NewAppRecord } from '@parley/app-config';
import { ParleyError } from '@parley/protocol';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';

interface AppRow {
  sdk_app_id: number;
  status: AppRecord['status'];
  sealed_secret_key: string;
  config: string;
  revision: number;
  created_at: number;
  updated_at: number;
  terminated_at: number | null;
  purge_at: number | null;
}

export function createSqliteAppStore({ db }: { db: EmbeddedDatabase }): AppStore {
  const allocate = db.prepare(
    `INSERT INTO apps (status, sealed_secret_key, config, revision, created_at, updated_at)
     VALUES ('active', '', '{}', 0, 0, 0)`,
  );
  const write = db.prepare(
    `UPDATE apps SET status = @status, sealed_secret_key = @sealed_secret_key, config = @config, revision = @revision,
       created_at = @created_at, updated_at = @updated_at, terminated_at = @terminated_at, purge_at = @purge_at
     WHERE sdk_app_id = @sdk_app_id`,
  );
  const selectOne = db.prepare('SELECT * FROM apps WHERE sdk_app_id = ?');
  const selectAll = db.prepare('SELECT * FROM apps ORDER BY sdk_app_id');
  const selectDue = db.prepare(
    "SELECT sdk_app_id FROM apps WHERE status = 'terminated' AND purge_at IS NOT NULL AND purge_at <= ? ORDER BY sdk_app_id",
  );
  const remove = db.prepare('DELETE FROM apps WHERE sdk_app_id = ?');

  // The id is allocated inside the transaction, so a failing build() leaves nothing behind.
  const insertTx = db.transaction((build: (sdkAppId: number) => NewAppRecord): AppRecord => {
    const sdkAppId = Number(allocate.run().lastInsertRowid);
    const record: AppRecord = { sdkAppId, ...build(sdkAppId) };
    write.run(toRow(record));
    return record;
  });

  const updateTx = db.transaction(
    (sdkAppId: number, expectedRevision: number, change: Parameters<AppStore['update']>[2]): AppRecord => {
      const row = selectOne.get(sdkAppId) as AppRow | undefined;
      if (!row) throw new ParleyError('APP_NOT_FOUND');
      if (row.revision !== expectedRevision) throw new ParleyError('REVISION_CONFLICT');
      const next: AppRecord = { ...fromRow(row), ...change, revision: row.revision + 1 };
      write.run(toRow(next));
      return next;
    },
  );

  return {
    insert: (build) => sqliteCall(() => insertTx.immediate(build)),
    get: (sdkAppId) =>
      sqliteCall(() => {
        const row = selectOne.get(sdkAppId) as AppRow | undefined;
        return row ? fromRow(row) : undefined;
      }),
    list: () => sqliteCall(() => (selectAll.all() as AppRow[]).map(fromRow)),
    update: (sdkAppId, expectedRevision, change) =>
      sqliteCall(() => updateTx.immediate(sdkAppId, expectedRevision, change)),
    listPurgeDue: (now) =>
      sqliteCall(() => (selectDue.all(now) as { sdk_app_id: number }[]).map((r) => r.sdk_app_id)),
    delete: (sdkAppId) => sqliteCall(() => remove.run(sdkAppId).changes > 0),
    ping: () => sqliteCall(() => void db.prepare('SELECT 1').get()),
    close: async () => {},
  };
}

function toRow(record: AppRecord): AppRow {
  return {
    sdk_app_id: record.sdkAppId,
    status: record.status,
    sealed_secret_key: record.sealedSecretKey,
    config: JSON.stringify(record.config),
    revision: record.revision,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    terminated_at: record.terminatedAt,
    purge_at: record.purgeAt,
  };
}

function fromRow(row: AppRow): AppRecord {
  return {
    sdkAppId: row.sdk_app_id,
    status: row.status,
    sealedSecretKey: row.sealed_secret_key,
    config: JSON.parse(row.config) as AppConfig,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    terminatedAt: row.terminated_at,
    purgeAt: row.purge_at,
  };
}
