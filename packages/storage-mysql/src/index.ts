export { type ConnectMysqlOptions, connectMysql } from './connect-mysql.ts';
export { createMysqlAccountStore, type MysqlAccountStoreDeps } from './mysql-account-store.ts';
export { createMysqlAppStore, type MysqlAppStoreDeps } from './mysql-app-store.ts';
export * from './mysql-callback-queue.ts';
export { isUnavailableError } from './mysql-errors.ts';
export { createMysqlGroupStore, type MysqlGroupStoreDeps } from './mysql-group-store.ts';
export { DEFAULT_MIGRATIONS_DIR, migrate, runMysqlMigrations } from './mysql-migrations.ts';
export { createMysqlRelationStore, type MysqlRelationStoreDeps } from './mysql-relation-store.ts';
export * from './open-mysql.ts';
