/**
 * The groups this node's online users receive, by group: who among this node's logged-in users is in each
 * group's roster. A user is in it while they have a session here and are a member (AVChatRoom: joined while
 * online); MsgFlag Discard members are left out.
 */
export class LocalGroupRoster {
  readonly #members = new Map<string, Set<string>>();
  readonly #keys = new Map<string, { sdkAppId: number; groupId: string }>();
  readonly #groupsOfUser = new Map<string, Set<string>>();

  /** Adds the user to the group; true when the group's local count changed. */
  add(sdkAppId: number, groupId: string, userId: string): boolean {
    const key = groupKey(sdkAppId, groupId);
    let members = this.#members.get(key);
    if (!members) {
      members = new Set();
      this.#members.set(key, members);
      this.#keys.set(key, { sdkAppId, groupId });
    }
    if (members.has(userId)) return false;
    members.add(userId);
    const userKey = groupKey(sdkAppId, userId);
    let groups = this.#groupsOfUser.get(userKey);
    if (!groups) {
      groups = new Set();
      this.#groupsOfUser.set(userKey, groups);
    }
    groups.add(groupId);
    return true;
  }

  /** Removes the user from the group; true when they were in it. */
  remove(sdkAppId: number, groupId: string, userId: string): boolean {
    const key = groupKey(sdkAppId, groupId);
    const members = this.#members.get(key);
    if (!members?.delete(userId)) return false;
    if (members.size === 0) {
      this.#members.delete(key);
      this.#keys.delete(key);
    }
    const userKey = groupKey(sdkAppId, userId);
    const groups = this.#groupsOfUser.get(userKey);
    if (groups?.delete(groupId) && groups.size === 0) this.#groupsOfUser.delete(userKey);
    return true;
  }

  /** Removes the user from every group (their last session here ended); returns those groups. */
  removeUser(sdkAppId: number, userId: string): string[] {
    const groups = [...(this.#groupsOfUser.get(groupKey(sdkAppId, userId)) ?? [])];
    for (const groupId of groups) this.remove(sdkAppId, groupId, userId);
    return groups;
  }

  /** Forgets a group; returns whether it had members here. */
  drop(sdkAppId: number, groupId: string): boolean {
    const members = this.#members.get(groupKey(sdkAppId, groupId));
    if (!members) return false;
    for (const userId of [...members]) this.remove(sdkAppId, groupId, userId);
    return true;
  }

  members(sdkAppId: number, groupId: string): ReadonlySet<string> | undefined {
    return this.#members.get(groupKey(sdkAppId, groupId));
  }

  /** Every group with members on this node. */
  groups(): IterableIterator<{ sdkAppId: number; groupId: string }> {
    return this.#keys.values();
  }

  count(sdkAppId: number, groupId: string): number {
    return this.#members.get(groupKey(sdkAppId, groupId))?.size ?? 0;
  }
}

function groupKey(sdkAppId: number, id: string): string {
  return `${sdkAppId}\u0000${id}`;
}
