export { type ConnectMysqlOptions, connectMysql } from './connect-mysql.ts';
export { DEFAULT_MIGRATIONS_DIR, migrate, runMysqlMigrations } from './mysql-migrations.ts';
export { type MysqlAppStoreDeps, createMysqlAppStore } from './mysql-app-store.ts';
export { type MysqlAccountStoreDeps, createMysqlAccountStore } from './mysql-account-store.ts';
export { type MysqlRelationStoreDeps, createMysqlRelationStore } from './mysql-relation-store.ts';
export { isUnavailableError } from './mysql-errors.ts';
export * from './mysql-callback-queue.ts';
export * from './open-mysql.ts';
