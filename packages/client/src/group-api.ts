import {
  type GroupSendResult,
  groupConversationId,
  type MessageElement,
  type OpInput,
  type OpResults,
  type SendResult,
} from '@parley/protocol';
import type { ClientOpName } from './parley-client.ts';
import type { OutgoingMessage } from './send-with-retry.ts';
import { ParleyTopics } from './topic-api.ts';

/** `ParleyClient.request`, as the group methods use it. */
export type RequestFn = <Op extends ClientOpName>(op: Op, data: OpInput<Op>) => Promise<OpResults[Op]>;

export interface GroupApiDeps {
  request: RequestFn;
  /** Sends with retries under one `random`, counting the stored seq as seen (`sendWithRetry`). */
  send(message: OutgoingMessage): Promise<SendResult>;
  /** A fresh `random`, or the app's own (then remembered so the client never picks it within the window). */
  random(chosen: number | undefined): number;
}

export interface GroupSendOptions {
  cloudCustomData?: string;
  /** The message's dedup key; by default a fresh 32-bit random. Reusing one within 5 minutes returns the first send. */
  random?: number;
  /** Users mentioned with `@` (at most 30); '@all' mentions everyone. */
  mentions?: string[];
  /** Delivered to online members only: not stored, no seq (the result has `seq: 0`). */
  onlineOnly?: boolean;
}

export type Reply<Op extends ClientOpName> = Promise<OpResults[Op]>;

/**
 * The `group.*` ops as methods (`client.groups`), each resolving with the op's reply data as docs/protocol.md
 * describes it. Group messages and tips arrive through the client's `message` event like c2c ones, with
 * conversation ID `group:<groupId>`; `send` is the group counterpart of `ParleyClient.send`. `send`, `sync`,
 * `history`, `recall` and `read` also take a Community topic's ID (conversation `group:<topicId>`).
 */
export class ParleyGroups {
  readonly #d: GroupApiDeps;
  /** The `group.topic.*` ops: Community topics. */
  readonly topics: ParleyTopics;

  constructor(deps: GroupApiDeps) {
    this.#d = deps;
    this.topics = new ParleyTopics(deps.request);
  }

  /** Creates a group; the caller becomes its owner. */
  create(data: OpInput<'group.create'>): Reply<'group.create'> {
    return this.#d.request('group.create', data);
  }

  /** Profiles of up to 50 groups; unknown IDs are listed in `notFound`. */
  info(groupIds: string[]): Reply<'group.info'> {
    return this.#d.request('group.info', { groupIds });
  }

  update(data: OpInput<'group.update'>): Reply<'group.update'> {
    return this.#d.request('group.update', data);
  }

  /** Disbands the group: its members get `groupDestroyed`. */
  destroy(groupId: string): Reply<'group.destroy'> {
    return this.#d.request('group.destroy', { groupId });
  }

  /** Makes another member the owner. */
  transfer(groupId: string, to: string): Reply<'group.transfer'> {
    return this.#d.request('group.transfer', { groupId, to });
  }

  muteAll(groupId: string, muted: boolean): Reply<'group.muteAll'> {
    return this.#d.request('group.muteAll', { groupId, muted });
  }

  /** The user's stored memberships with each group's `lastSeq` and the user's `readSeq`. */
  joined(): Reply<'group.joined'> {
    return this.#d.request('group.joined', {});
  }

  /** Joins (`status: 'joined'`) or applies to (`'pending'`: the admins get `groupApplication`) a group. */
  join(groupId: string, wording?: string): Reply<'group.join'> {
    return this.#d.request('group.join', wording === undefined ? { groupId } : { groupId, wording });
  }

  /** Pending applications (admins). */
  applications(groupId: string): Reply<'group.applications'> {
    return this.#d.request('group.applications', { groupId });
  }

  /** Accepts or rejects an application (admins); the applicant gets `groupApplicationHandled`. */
  respond(groupId: string, userId: string, accept: boolean): Reply<'group.respond'> {
    return this.#d.request('group.respond', { groupId, userId, accept });
  }

  invite(groupId: string, userIds: string[]): Reply<'group.invite'> {
    return this.#d.request('group.invite', { groupId, userIds });
  }

  kick(groupId: string, userIds: string[]): Reply<'group.kick'> {
    return this.#d.request('group.kick', { groupId, userIds });
  }

  quit(groupId: string): Reply<'group.quit'> {
    return this.#d.request('group.quit', { groupId });
  }

  /** One page of members by user ID; pass the reply's `next` as `after` for the next page. */
  members(groupId: string, page: { after?: string; limit?: number } = {}): Reply<'group.members'> {
    return this.#d.request('group.members', { groupId, ...page });
  }

  setMember(data: OpInput<'group.setMember'>): Reply<'group.setMember'> {
    return this.#d.request('group.setMember', data);
  }

  /**
   * Sends a group (or topic) message. Like `ParleyClient.send`, it sends again with the same `random` after a timeout or a
   * drop, so the server stores it once; the message counts as seen and is not delivered back as `message`.
   */
  async send(
    groupId: string,
    body: MessageElement[],
    options: GroupSendOptions = {},
  ): Promise<GroupSendResult> {
    const data: OpInput<'group.send'> = { groupId, random: this.#d.random(options.random), body };
    if (options.cloudCustomData !== undefined) data.cloudCustomData = options.cloudCustomData;
    if (options.mentions !== undefined) data.mentions = options.mentions;
    if (options.onlineOnly !== undefined) data.onlineOnly = options.onlineOnly;
    const result = await this.#d.send({
      random: data.random,
      conversationId: groupConversationId(groupId),
      attempt: async () => {
        const sent = await this.#d.request('group.send', data);
        return { conversationId: groupConversationId(sent.groupId), ...seqOf(sent) };
      },
    });
    return { groupId, ...seqOf(result) };
  }

  /**
   * One page of messages after `afterSeq`, oldest first. The client already syncs group and topic conversations
   * by itself (every message reaches the `message` event once); this is for reading, and delivers nothing.
   */
  sync(groupId: string, afterSeq: number, limit?: number): Reply<'group.sync'> {
    return this.#d.request(
      'group.sync',
      limit === undefined ? { groupId, afterSeq } : { groupId, afterSeq, limit },
    );
  }

  /** One page of messages before `beforeSeq` (default: the newest), newest first. */
  history(groupId: string, page: { beforeSeq?: number; limit?: number } = {}): Reply<'group.history'> {
    return this.#d.request('group.history', { groupId, ...page });
  }

  /** Recalls a message: the members get `groupRecalled`. */
  recall(groupId: string, seq: number): Reply<'group.recall'> {
    return this.#d.request('group.recall', { groupId, seq });
  }

  /** Marks the group (or topic) read up to `seq`; the user's other sessions get `groupRead`. */
  read(groupId: string, seq: number): Reply<'group.read'> {
    return this.#d.request('group.read', { groupId, seq });
  }

  /** Read counts of up to 30 messages. */
  receipts(groupId: string, seqs: number[]): Reply<'group.receipts'> {
    return this.#d.request('group.receipts', { groupId, seqs });
  }

  /** Who has read a message (with `read: false`, who has not). */
  readers(
    groupId: string,
    seq: number,
    options: { read?: boolean; limit?: number } = {},
  ): Reply<'group.readers'> {
    return this.#d.request('group.readers', { groupId, seq, ...options });
  }
}

function seqOf(result: { seq: number; msgKey: string; time: number }) {
  return { seq: result.seq, msgKey: result.msgKey, time: result.time };
}
