import type { PushName, PushPayloads } from '@parley/protocol';
import type { GroupDelivery } from '../groups/group-delivery.ts';
import type { GroupRoutes } from '../ports/group-routes.ts';
import type { BusEnvelope } from '../ports/message-bus.ts';
import { LocalGroupRoster } from './local-group-roster.ts';
import type { LocalSessions } from './local-sessions.ts';

export interface GroupFanoutDeps {
  nodeId: string;
  local: LocalSessions;
  routes: GroupRoutes;
  clustered: boolean;
  send(nodeId: string, envelope: BusEnvelope): void;
  broadcast(envelope: BusEnvelope): void;
  onDelivered?: (frame: string, sessions: number) => void;
  onError(error: unknown, context: { what: string; sdkAppId?: number }): void;
}

/**
 * Group fan-out for one node. A group push is serialised once, written to this node's members' sessions, and
 * sent once to each other node that holds online members (from the routes), which writes it to its own. Roster
 * changes apply here at once and reach the other nodes as one broadcast; each node keeps its count of online
 * members per group in the routes (batched: one write per group per event-loop turn).
 */
export class GroupFanout implements GroupDelivery {
  readonly roster = new LocalGroupRoster();
  readonly #d: GroupFanoutDeps;
  readonly #dirty = new Map<string, { sdkAppId: number; groupId: string }>();
  /** Per group, the last of its cluster steps still under way: each step starts after the one before. */
  readonly #tails = new Map<string, Promise<void>>();
  #flushScheduled = false;

  constructor(deps: GroupFanoutDeps) {
    this.#d = deps;
  }

  pushToGroup<P extends PushName>(
    sdkAppId: number,
    groupId: string,
    push: P,
    data: PushPayloads[P],
    exceptInstanceId?: string,
  ): void {
    const frame = JSON.stringify({ push, data });
    this.deliverLocal(sdkAppId, groupId, frame, exceptInstanceId);
    if (!this.#d.clustered) return;
    // The lookup starts now (lookups pipeline); the sends wait for the group's earlier steps, so a push sent
    // before a roster change or the disbanding reaches every node before it.
    const lookup = this.#d.routes.nodes(sdkAppId, groupId);
    this.#inOrder(sdkAppId, groupId, 'group routing', async () => {
      for (const { nodeId, count } of await lookup) {
        if (nodeId === this.#d.nodeId || count <= 0) continue;
        this.#d.send(nodeId, {
          kind: 'group-deliver',
          sdkAppId,
          groupId,
          frame,
          ...(exceptInstanceId === undefined ? {} : { exceptInstanceId }),
        });
      }
    });
  }

  /** Writes a group frame to this node's members' sessions. */
  deliverLocal(sdkAppId: number, groupId: string, frame: string, exceptInstanceId: string | undefined): void {
    const members = this.roster.members(sdkAppId, groupId);
    if (!members) return;
    let written = 0;
    for (const userId of members) {
      const sessions = this.#d.local.ofUser(sdkAppId, userId);
      if (!sessions) continue;
      for (const session of sessions) {
        if (session.record.instanceId === exceptInstanceId) continue;
        session.sendFrame(frame);
        written += 1;
      }
    }
    this.#d.onDelivered?.(frame, written);
  }

  addToRoster(sdkAppId: number, groupId: string, userIds: readonly string[]): void {
    this.applyRoster(sdkAppId, groupId, userIds, 'add');
    this.#announce({
      kind: 'group-roster',
      origin: this.#d.nodeId,
      sdkAppId,
      groupId,
      change: 'add',
      userIds: [...userIds],
    });
  }

  removeFromRoster(sdkAppId: number, groupId: string, userIds: readonly string[]): void {
    this.applyRoster(sdkAppId, groupId, userIds, 'remove');
    this.#announce({
      kind: 'group-roster',
      origin: this.#d.nodeId,
      sdkAppId,
      groupId,
      change: 'remove',
      userIds: [...userIds],
    });
  }

  dropRoster(sdkAppId: number, groupId: string): void {
    this.applyRoster(sdkAppId, groupId, [], 'drop');
    this.#announce({
      kind: 'group-roster',
      origin: this.#d.nodeId,
      sdkAppId,
      groupId,
      change: 'drop',
      userIds: [],
    });
    if (this.#d.clustered)
      this.#inOrder(sdkAppId, groupId, 'group routes', () => this.#d.routes.dropGroup(sdkAppId, groupId));
  }

  /** A roster change, from this node or another: only users with a session here are concerned. */
  applyRoster(
    sdkAppId: number,
    groupId: string,
    userIds: readonly string[],
    change: 'add' | 'remove' | 'drop',
  ): void {
    let changed = false;
    if (change === 'drop') changed = this.roster.drop(sdkAppId, groupId);
    for (const userId of userIds) {
      if (change === 'add') {
        if (this.#d.local.ofUser(sdkAppId, userId))
          changed = this.roster.add(sdkAppId, groupId, userId) || changed;
      } else if (change === 'remove') {
        changed = this.roster.remove(sdkAppId, groupId, userId) || changed;
      }
    }
    if (changed && change !== 'drop') this.#markDirty(sdkAppId, groupId);
  }

  /** A user logged in here: their groups' pushes reach this node. */
  enter(sdkAppId: number, userId: string, groupIds: readonly string[]): void {
    for (const groupId of groupIds) {
      if (this.roster.add(sdkAppId, groupId, userId)) this.#markDirty(sdkAppId, groupId);
    }
  }

  /** A user's last session here ended. */
  leave(sdkAppId: number, userId: string): void {
    for (const groupId of this.roster.removeUser(sdkAppId, userId)) this.#markDirty(sdkAppId, groupId);
  }

  async onlineCount(sdkAppId: number, groupId: string): Promise<number> {
    const here = this.roster.count(sdkAppId, groupId);
    if (!this.#d.clustered) return here;
    const nodes = await this.#d.routes.nodes(sdkAppId, groupId);
    return nodes.reduce((sum, node) => (node.nodeId === this.#d.nodeId ? sum : sum + node.count), here);
  }

  /**
   * Whether the user is in the group's roster. A member's ops run on a node where they have a session, and
   * roster changes reach every node where they have one, so this node's roster answers for the cluster.
   */
  async isOnlineMember(sdkAppId: number, groupId: string, userId: string): Promise<boolean> {
    return this.roster.members(sdkAppId, groupId)?.has(userId) ?? false;
  }

  /** Broadcasts a roster change after the group's pushes still being routed. */
  #announce(envelope: BusEnvelope & { kind: 'group-roster' }): void {
    if (!this.#d.clustered) return;
    this.#inOrder(envelope.sdkAppId, envelope.groupId, 'group roster', () => this.#d.broadcast(envelope));
  }

  /** Runs `step` after the group's cluster steps still under way (their failures are reported, not passed on). */
  #inOrder(sdkAppId: number, groupId: string, what: string, step: () => unknown): void {
    const key = `${sdkAppId}\u0000${groupId}`;
    const before = this.#tails.get(key);
    const run = async () => {
      try {
        await step();
      } catch (error) {
        this.#d.onError(error, { what, sdkAppId });
      }
    };
    const tail = before ? before.then(run) : run();
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  #markDirty(sdkAppId: number, groupId: string): void {
    if (!this.#d.clustered) return;
    this.#dirty.set(`${sdkAppId}\u0000${groupId}`, { sdkAppId, groupId });
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    const dirty = [...this.#dirty.values()];
    this.#dirty.clear();
    for (const { sdkAppId, groupId } of dirty) {
      this.#d.routes
        .set(sdkAppId, groupId, this.#d.nodeId, this.roster.count(sdkAppId, groupId))
        .catch((error: unknown) => this.#d.onError(error, { what: 'group routes', sdkAppId }));
    }
  }

  /** Writes this node's count of every group it holds again (the routes' backend lost them). */
  restore(): void {
    for (const { sdkAppId, groupId } of this.roster.groups()) this.#markDirty(sdkAppId, groupId);
  }
}
