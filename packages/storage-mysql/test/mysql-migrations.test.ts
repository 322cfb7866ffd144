import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realServiceUrl } from '@parley/testing';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMysql, DEFAULT_MIGRATIONS_DIR, migrate, runMysqlMigrations } from '../src/index.ts';
import { splitStatements } from '../src/mysql-migrations.ts';
import { createTestDatabase, type TestDatabase } from './mysql-test-database.ts';

const url = realServiceUrl('mysql');
/** The migrations in infra/mysql, in the order they apply. */
const EVERY_MIGRATION = ['001_init', '002_callback_queue', '003_groups', '004_topics', '005_profiles'];

/** Everything that makes up the schema: tables, columns, indexes, and each table's DDL. */
async function schemaOf(pool: Pool): Promise<unknown> {
  const [columns] = await pool.query<RowDataPacket[]>(
    `SELECT table_name, column_name, column_type, is_nullable, character_set_name, collation_name
     FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position`,
  );
  const [indexes] = await pool.query<RowDataPacket[]>(
    `SELECT table_name, index_name, seq_in_index, column_name, non_unique
     FROM information_schema.statistics WHERE table_schema = DATABASE()
     ORDER BY table_name, index_name, seq_in_index`,
  );
  const ddl: string[] = [];
  for (const table of new Set(columns.map((c) => String(c.table_name ?? c.TABLE_NAME)))) {
    const [rows] = await pool.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${table}\``);
    ddl.push(String(rows[0]?.['Create Table']));
  }
  return { columns, indexes, ddl };
}

async function appliedVersions(pool: Pool): Promise<string[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => String(row.version));
}

describe('splitStatements', () => {
  it('splits at line-ending semicolons and drops comment lines', () => {
    const text =
      '-- header; not a statement\nCREATE TABLE a (\n  x INT -- why\n);\n\n  -- note\nDROP TABLE b;';
    expect(splitStatements(text)).toEqual(['CREATE TABLE a (\n  x INT -- why\n)', 'DROP TABLE b']);
  });
});

describe.skipIf(!url)('MySQL migrations', () => {
  const databases: TestDatabase[] = [];
  const dirs: string[] = [];
  const fresh = async () => {
    const database = await createTestDatabase(url ?? '', { migrate: false });
    databases.push(database);
    return database;
  };
  const tempDir = async (files: Record<string, string>) => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-migrations-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  };

  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('migrates a fresh database, and a second run changes nothing', async () => {
    const { pool } = await fresh();
    expect(await runMysqlMigrations(pool)).toEqual(EVERY_MIGRATION);
    const schema = await schemaOf(pool);
    expect(await runMysqlMigrations(pool)).toEqual([]);
    expect(await schemaOf(pool)).toEqual(schema);
    expect(await appliedVersions(pool)).toEqual(EVERY_MIGRATION);
    const [tables] = await pool.query<RowDataPacket[]>('SHOW TABLES');
    expect(tables.map((row) => String(Object.values(row)[0])).sort()).toEqual([
      'accounts',
      'app_ids',
      'apps',
      'blacklist',
      'callback_queue',
      'chat_groups',
      'friend_requests',
      'friends',
      'group_applications',
      'group_members',
      'group_topics',
      'schema_migrations',
      'topic_reads',
    ]);
  });

  it('nodes starting together apply each migration exactly once', async () => {
    const database = await fresh();
    const pools = [database.pool, connectMysql(database.url), connectMysql(database.url)];
    try {
      const results = await Promise.all(pools.map((pool) => runMysqlMigrations(pool)));
      expect(results.flat()).toEqual(EVERY_MIGRATION);
      expect(await appliedVersions(database.pool)).toEqual(EVERY_MIGRATION);
    } finally {
      await Promise.all(pools.slice(1).map((pool) => pool.end()));
    }
  });

  it('applies migrations in numeric order and only the new ones later', async () => {
    const { pool } = await fresh();
    const dir = await tempDir({
      '9_create.sql': 'CREATE TABLE t (id INT PRIMARY KEY);',
      '10_alter.sql': "ALTER TABLE t ADD COLUMN note TEXT;\nINSERT INTO t (id, note) VALUES (1, 'a;b');",
      'README.md': 'not a migration',
    });
    expect(await runMysqlMigrations(pool, dir)).toEqual(['9_create', '10_alter']);
    await writeFile(join(dir, '11_more.sql'), 'ALTER TABLE t ADD COLUMN extra INT NULL;');
    expect(await runMysqlMigrations(pool, dir)).toEqual(['11_more']);
    const [rows] = await pool.query<RowDataPacket[]>('SELECT id, note, extra FROM t');
    expect(rows).toEqual([{ id: 1, note: 'a;b', extra: null }]);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const { pool } = await fresh();
    const dir = await tempDir({ '001_a.sql': 'CREATE TABLE a (id INT PRIMARY KEY);' });
    await runMysqlMigrations(pool, dir);
    await writeFile(join(dir, '001_a.sql'), 'CREATE TABLE a (id BIGINT PRIMARY KEY);');
    await expect(runMysqlMigrations(pool, dir)).rejects.toThrow(/001_a changed after it was applied/);
  });

  it('stops at a failing migration and records only those before it', async () => {
    const { pool } = await fresh();
    const dir = await tempDir({
      '001_ok.sql': 'CREATE TABLE ok (id INT PRIMARY KEY);',
      '002_bad.sql': 'CREATE TABLE broken (id NOT_A_TYPE);',
      '003_after.sql': 'CREATE TABLE after_bad (id INT PRIMARY KEY);',
    });
    await expect(runMysqlMigrations(pool, dir)).rejects.toThrow();
    expect(await appliedVersions(pool)).toEqual(['001_ok']);
  });

  it('migrate(url) connects, migrates and disconnects', async () => {
    const database = await fresh();
    expect(await migrate(database.url)).toEqual(EVERY_MIGRATION);
    expect(await migrate(database.url)).toEqual([]);
    expect(await appliedVersions(database.pool)).toEqual(EVERY_MIGRATION);
  });

  it('the default directory is infra/mysql of this repository', async () => {
    expect(await readFile(join(DEFAULT_MIGRATIONS_DIR, '001_init.sql'), 'utf8')).toContain('CREATE TABLE');
  });
});
