import type { AppConfigService } from '@parley/app-config';
import type { MessageStore } from '@parley/domain';
import type { Logger } from 'pino';

const DAY_MS = 86_400_000;

/**
 * When an app's history storage period changes, messages stored before take the new period too (on backends that
 * keep a per-message expiry, i.e. MongoDB's TTL index). Runs where the admin API runs, once per change.
 */
export function restampRetentionOnChange(
  appConfig: AppConfigService,
  messages: MessageStore,
  logger: Logger,
): () => void {
  const known = new Map<number, number>();
  return appConfig.onChange((sdkAppId) => {
    appConfig
      .runtime(sdkAppId)
      .then(
        async (app) => {
          const days = app.config.messaging.historyRetentionDays;
          const previous = known.get(sdkAppId);
          known.set(sdkAppId, days);
          // The first change seen of an app may already carry a new period: re-stamping is idempotent.
          if (previous === days) return;
          await messages.applyRetention(sdkAppId, days * DAY_MS);
        },
        () => known.delete(sdkAppId), // deleted or unreadable: nothing to re-stamp
      )
      .catch((error: unknown) => logger.warn({ err: error, sdkAppId }, 'history retention re-stamp failed'));
  });
}
