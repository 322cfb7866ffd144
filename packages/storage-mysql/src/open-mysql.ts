import type { AppStore } from '@parley/app-config';
import type { CallbackQueue } from '@parley/callbacks';
import type { AccountStore, GroupStore, RelationStore, TopicStore } from '@parley/domain';
import { connectMysql } from './connect-mysql.ts';
import { createMysqlAccountStore } from './mysql-account-store.ts';
import { createMysqlAppStore } from './mysql-app-store.ts';
import { createMysqlCallbackQueue } from './mysql-callback-queue.ts';
import { createMysqlGroupStore } from './mysql-group-store.ts';
import { runMysqlMigrations } from './mysql-migrations.ts';
import { createMysqlRelationStore } from './mysql-relation-store.ts';
import { createMysqlTopicStore } from './mysql-topic-store.ts';

/** What Parley keeps in MySQL / MariaDB: apps, accounts, relations, groups and the callback queue. */
export interface OpenedMysql {
  apps: AppStore;
  accounts: AccountStore;
  relations: RelationStore;
  groups: GroupStore;
  topics: TopicStore;
  callbackQueue: CallbackQueue;
  /** The migrations this open applied (empty when the schema was current or `migrate` is false). */
  applied: string[];
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Connects a pool to `url` and, when `migrate`, applies infra/mysql's migrations first. */
export async function openMysql({ url, migrate }: { url: string; migrate: boolean }): Promise<OpenedMysql> {
  const pool = connectMysql(url);
  try {
    const applied = migrate ? await runMysqlMigrations(pool) : [];
    const apps = createMysqlAppStore({ pool });
    return {
      apps,
      accounts: createMysqlAccountStore({ pool }),
      relations: createMysqlRelationStore({ pool }),
      groups: createMysqlGroupStore({ pool }),
      topics: createMysqlTopicStore({ pool }),
      callbackQueue: createMysqlCallbackQueue({ pool }),
      applied,
      ready: () => apps.ping(),
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
