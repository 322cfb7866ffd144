import type { PushName, PushPayloads } from '@parley/protocol';

/**
 * Delivers to a group's online members, wherever they are connected: once to each node that holds some, which
 * pushes to its own members' sessions. Implemented by the cluster (cluster/cluster.ts). Fire-and-forget.
 */
export interface GroupDelivery {
  /** Pushes to every online member of the group (not to `exceptInstanceId`, the sender's own session). */
  pushToGroup<P extends PushName>(
    sdkAppId: number,
    groupId: string,
    push: P,
    data: PushPayloads[P],
    exceptInstanceId?: string,
  ): void;
  /** These users became members (or want the group's messages again): their sessions on every node get them. */
  addToRoster(sdkAppId: number, groupId: string, userIds: readonly string[]): void;
  /** These users left (or set MsgFlag Discard): their sessions stop getting the group's pushes. */
  removeFromRoster(sdkAppId: number, groupId: string, userIds: readonly string[]): void;
  /** The group is gone: every node forgets it. */
  dropRoster(sdkAppId: number, groupId: string): void;
  /** Online members of the group across the cluster (AVChatRoom's member count). */
  onlineCount(sdkAppId: number, groupId: string): Promise<number>;
  /** Whether the user is in the group's roster on some node (AVChatRoom membership). */
  isOnlineMember(sdkAppId: number, groupId: string, userId: string): Promise<boolean>;
}
