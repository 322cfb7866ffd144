import type { AppStore } from '@parley/app-config';
import type { AccountStore } from '../ports/account-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { ConversationStore } from '../ports/conversation-store.ts';
import type { GroupStore } from '../ports/group-store.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { RelationStore } from '../ports/relation-store.ts';

const DAY_MS = 86_400_000;

export interface PurgeExtra {
  /** Other per-app data (callback queues, telemetry) deleted with the app. Returns how many rows. */
  deleteApp(sdkAppId: number): Promise<number>;
}

export interface RetentionJobsDeps {
  apps: AppStore;
  messages: MessageStore;
  conversations: ConversationStore;
  accounts: AccountStore;
  relations: RelationStore;
  groups: GroupStore;
  extra?: PurgeExtra[];
  clock: Clock;
  /** Counts only: never identifiers of users or content. */
  report: (job: string, counts: Record<string, number>) => void;
  /** Told after an app's data is deleted, so caches (on every node) forget it. */
  onAppPurged?: (sdkAppId: number) => Promise<void> | void;
}

/**
 * The deletions the privacy policy and the app configuration promise:
 * - a terminated app's configuration data, users, relations, groups and messages, 2 months after termination;
 * - messages older than each app's history storage period.
 */
export class RetentionJobs {
  readonly #d: RetentionJobsDeps;

  constructor(deps: RetentionJobsDeps) {
    this.#d = deps;
  }

  async purgeTerminatedApps(): Promise<{ apps: number; messages: number; accounts: number }> {
    const now = this.#d.clock.now();
    const due = await this.#d.apps.listPurgeDue(now);
    let messages = 0;
    let accounts = 0;
    for (const sdkAppId of due) {
      messages += await this.#d.messages.deleteApp(sdkAppId);
      await this.#d.conversations.deleteApp(sdkAppId);
      await this.#d.relations.deleteApp(sdkAppId);
      await this.#d.groups.deleteApp(sdkAppId);
      accounts += await this.#d.accounts.deleteApp(sdkAppId);
      for (const extra of this.#d.extra ?? []) await extra.deleteApp(sdkAppId);
      await this.#d.apps.delete(sdkAppId);
      await this.#d.onAppPurged?.(sdkAppId);
    }
    const counts = { apps: due.length, messages, accounts };
    this.#d.report('purge-terminated-apps', counts);
    return counts;
  }

  async expireHistory(): Promise<{ apps: number; messages: number }> {
    const now = this.#d.clock.now();
    let messages = 0;
    const apps = await this.#d.apps.list();
    for (const app of apps) {
      const cutoff = now - app.config.messaging.historyRetentionDays * DAY_MS;
      messages += await this.#d.messages.deleteOlderThan(app.sdkAppId, cutoff);
    }
    const counts = { apps: apps.length, messages };
    this.#d.report('expire-history', counts);
    return counts;
  }

  async runAll(): Promise<void> {
    await this.purgeTerminatedApps();
    await this.expireHistory();
  }
}
