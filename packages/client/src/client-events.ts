import type { OpResults, PushPayloads, WireMessage } from '@parley/protocol';

/** What the client emits, with each event's payload. */
export interface ParleyClientEvents {
  /**
   * A message, exactly once and in seq order per conversation (pushes and catch-up syncs merged), c2c, group
   * (`group:<groupId>`, tips included) or community topic (`group:<topicId>`, a sequence of its own). Online-only group messages (`seq: 0`) are delivered as they come.
   */
  message: WireMessage;
  /** A c2c message the app has already seen was recalled. */
  recalled: PushPayloads['recalled'];
  read: PushPayloads['read'];
  friendRequest: PushPayloads['friendRequest'];
  friendAdded: PushPayloads['friendAdded'];
  friendDeleted: PushPayloads['friendDeleted'];
  /** A group message the app has already seen was recalled (one not seen yet arrives as a tombstone). */
  groupRecalled: PushPayloads['groupRecalled'];
  /** Someone applied to join a group this user administers. */
  groupApplication: PushPayloads['groupApplication'];
  /** This user's application was accepted or rejected. */
  groupApplicationHandled: PushPayloads['groupApplicationHandled'];
  /** This user read a group on another session. */
  groupRead: PushPayloads['groupRead'];
  /** A group this user belonged to was disbanded. */
  groupDestroyed: PushPayloads['groupDestroyed'];
  /**
   * A topic of one of the user's communities was created, changed or deleted (`change`); `topic` is its new
   * profile (absent when deleted). A deleted topic's conversation is no longer synced.
   */
  groupTopic: PushPayloads['groupTopic'];
  /** Another login or the server ended this session; the client does not reconnect. */
  kicked: PushPayloads['kicked'];
  /** A login succeeded (the first one or after a reconnect). */
  connected: OpResults['login'];
  /** A logged-in connection ended. */
  disconnected: { code: number; reason: string };
  /** A retry is scheduled `delayMs` from now; `attempt` counts from 1 since the last successful login. */
  reconnecting: { attempt: number; delayMs: number };
  /** Background failures (a failed reconnect attempt, a failed catch-up sync, a malformed frame, a throwing listener). */
  error: Error;
}

export type ParleyClientEventName = keyof ParleyClientEvents;

/**
 * idle: constructed, `connect()` not called yet. connecting: a socket is opening or logging in.
 * connected: logged in. reconnecting: waiting out a backoff delay. closed: `close()` was called or the client
 * stopped for good.
 */
export type ParleyClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';
