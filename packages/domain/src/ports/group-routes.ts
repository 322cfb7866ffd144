/**
 * Which nodes hold online members of which groups, and how many: the routing of group fan-out (one delivery per
 * node that has members) and AVChatRoom's online member count. Adapters: in-process (one node), Redis.
 * Entries of a node that died linger until it comes back or `forgetNode` runs; a delivery to it is lost
 * harmlessly (the bus is at-most-once and members sync on reconnect).
 */
export interface GroupRoutes {
  /** This node now holds `count` online members of the group (0: none, the entry goes). */
  set(sdkAppId: number, groupId: string, nodeId: string, count: number): Promise<void>;
  /** The nodes holding online members of the group, with their counts. */
  nodes(sdkAppId: number, groupId: string): Promise<{ nodeId: string; count: number }[]>;
  /** Drops every entry of the group (disbanded). */
  dropGroup(sdkAppId: number, groupId: string): Promise<void>;
  close(): Promise<void>;
}
