import type {
  AppConfig,
  AppRecord,
  AppRecordChange,
  AppStatus,
  AppStore,
  NewAppRecord,
} from '@parley/app-config';
import { ParleyError } from '@parley/protocol';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { DEFAULT_QUERY_TIMEOUT_MS, sqlOn, withTransaction } from './mysql-sql.ts';

export interface MysqlAppStoreDeps {
  pool: Pool;
  queryTimeoutMs?: number;
}

interface AppRow extends RowDataPacket {
  sdk_app_id: number;
  status: AppStatus;
  sealed_secret_key: string;
  config: string;
  revision: number;
  created_at: number;
  updated_at: number;
  terminated_at: number | null;
  purge_at: number | null;
}

const COLUMNS =
  'sdk_app_id, status, sealed_secret_key, config, revision, created_at, updated_at, terminated_at, purge_at';

/** Which AppRecordChange field goes to which column; `config` is serialised on the way. */
const CHANGE_COLUMNS = {
  status: 'status',
  sealedSecretKey: 'sealed_secret_key',
  config: 'config',
  terminatedAt: 'terminated_at',
  purgeAt: 'purge_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof AppRecordChange, string>;

/** Apps in MySQL (tables `app_ids` and `apps`, see infra/mysql). The pool belongs to the caller. */
export function createMysqlAppStore({
  pool,
  queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
}: MysqlAppStoreDeps): AppStore {
  const sql = sqlOn(pool, queryTimeoutMs);

  async function get(sdkAppId: number): Promise<AppRecord | undefined> {
    const [row] = await sql.rows<AppRow>(`SELECT ${COLUMNS} FROM apps WHERE sdk_app_id = ?`, [sdkAppId]);
    return row ? toRecord(row) : undefined;
  }

  return {
    async insert(build: (sdkAppId: number) => NewAppRecord): Promise<AppRecord> {
      // The ID is drawn first because `build` seals secrets bound to it; a failed build just skips one ID.
      const { insertId } = await sql.exec('INSERT INTO app_ids () VALUES ()');
      const record: AppRecord = { ...build(insertId), sdkAppId: insertId };
      await sql.exec(`INSERT INTO apps (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        record.sdkAppId,
        record.status,
        record.sealedSecretKey,
        JSON.stringify(record.config),
        record.revision,
        record.createdAt,
        record.updatedAt,
        record.terminatedAt,
        record.purgeAt,
      ]);
      return record;
    },

    get,

    async list(): Promise<AppRecord[]> {
      return (await sql.rows<AppRow>(`SELECT ${COLUMNS} FROM apps ORDER BY sdk_app_id`)).map(toRecord);
    },

    async update(sdkAppId: number, expectedRevision: number, change: AppRecordChange): Promise<AppRecord> {
      const assignments: string[] = [];
      const values: unknown[] = [];
      for (const [field, column] of Object.entries(CHANGE_COLUMNS)) {
        const value = change[field as keyof AppRecordChange];
        if (value === undefined) continue;
        assignments.push(`${column} = ?`);
        values.push(field === 'config' ? JSON.stringify(value) : value);
      }
      // Updating and reading back in one transaction returns exactly the version this call wrote.
      return withTransaction(pool, queryTimeoutMs, async (tx) => {
        const result = await tx.exec(
          `UPDATE apps SET ${[...assignments, 'revision = revision + 1'].join(', ')}
           WHERE sdk_app_id = ? AND revision = ?`,
          [...values, sdkAppId, expectedRevision],
        );
        const [row] = await tx.rows<AppRow>(`SELECT ${COLUMNS} FROM apps WHERE sdk_app_id = ?`, [sdkAppId]);
        if (!row) throw new ParleyError('APP_NOT_FOUND');
        if (result.affectedRows === 0) throw new ParleyError('REVISION_CONFLICT');
        return toRecord(row);
      });
    },

    async listPurgeDue(now: number): Promise<number[]> {
      const rows = await sql.rows<AppRow>(
        "SELECT sdk_app_id FROM apps WHERE status = 'terminated' AND purge_at <= ? ORDER BY purge_at, sdk_app_id",
        [now],
      );
      return rows.map((row) => Number(row.sdk_app_id));
    },

    async delete(sdkAppId: number): Promise<boolean> {
      const result = await sql.exec('DELETE FROM apps WHERE sdk_app_id = ?', [sdkAppId]);
      return result.affectedRows > 0;
    },

    async ping(): Promise<void> {
      await sql.rows('SELECT 1');
    },

    // The pool is shared with the other stores; whoever called connectMysql ends it.
    async close(): Promise<void> {},
  };
}

function toRecord(row: AppRow): AppRecord {
  return {
    sdkAppId: Number(row.sdk_app_id),
    status: row.status,
    sealedSecretKey: row.sealed_secret_key,
    config: JSON.parse(row.config) as AppConfig,
    revision: Number(row.revision),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    terminatedAt: row.terminated_at === null ? null : Number(row.terminated_at),
    purgeAt: row.purge_at === null ? null : Number(row.purge_at),
  };
}
