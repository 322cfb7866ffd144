import type { AppRecord, AppRecordChange, NewAppRecord } from './app-record.ts';

/** Apps and their configuration. Adapters: embedded (SQLite), MySQL. */
export interface AppStore {
  /** Allocates a new SDKAppID (unique, from 1400000000 upwards) and stores the app `build` returns for it. */
  insert(build: (sdkAppId: number) => NewAppRecord): Promise<AppRecord>;
  get(sdkAppId: number): Promise<AppRecord | undefined>;
  list(): Promise<AppRecord[]>;
  /**
   * Applies the change when the stored revision equals `expectedRevision`, incrementing it.
   * Throws ParleyError REVISION_CONFLICT otherwise, APP_NOT_FOUND when absent.
   */
  update(sdkAppId: number, expectedRevision: number, change: AppRecordChange): Promise<AppRecord>;
  /** Terminated apps whose purgeAt is at or before `now`. */
  listPurgeDue(now: number): Promise<number[]>;
  /** Deletes the app's configuration data. Returns whether it existed. */
  delete(sdkAppId: number): Promise<boolean>;
  /** Answers when the backing storage is reachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
