import {
  groupConversationId,
  MAX_TOPICS_PER_COMMUNITY,
  type OpData,
  type OpResults,
  ParleyError,
  type TopicInfo,
} from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { TopicRecord, TopicStore } from '../ports/topic-store.ts';
import { atLeast, GroupAccess, type GroupView, permit } from './group-access.ts';
import { GROUP_UNREAD_CAP } from './group-conversations.ts';
import type { GroupServiceDeps } from './group-deps.ts';
import { assertTopicOf, generateTopicId } from './topic-id.ts';

/**
 * Community topics: created, changed and deleted by the owner, admins and app admins; listed by members with
 * each topic's lastSeq and the reader's unread count. A topic's messages go through the group messaging ops
 * with the topic's ID (its own seq, history and read position); its members are the community's.
 */
export class TopicService {
  readonly #d: GroupServiceDeps;
  readonly #access: GroupAccess;

  constructor(deps: GroupServiceDeps) {
    this.#d = deps;
    this.#access = new GroupAccess(deps.groups, deps.delivery, deps.topics);
  }

  async create(actor: Actor, data: OpData<'group.topic.create'>): Promise<OpResults['group.topic.create']> {
    const { app } = actor;
    const { view, topics } = await this.#community(actor, data.groupId);
    permit(atLeast(view.standing, 'Admin'), 'Only the owner and admins may create topics.');
    if (data.topicId !== undefined) assertTopicOf(data.topicId, data.groupId);
    const now = this.#d.clock.now();
    const topic: TopicRecord = {
      sdkAppId: app.sdkAppId,
      groupId: data.groupId,
      topicId: data.topicId ?? generateTopicId(data.groupId),
      name: data.name,
      introduction: data.introduction ?? '',
      notification: data.notification ?? '',
      faceUrl: data.faceUrl ?? '',
      customData: data.customData ?? '',
      muteAll: false,
      createdAt: now,
      updatedAt: now,
    };
    const outcome = await topics.create(topic, MAX_TOPICS_PER_COMMUNITY);
    if (outcome === 'taken') throw new ParleyError('GROUP_ID_TAKEN', { detail: 'The topic ID is in use.' });
    if (outcome === 'full') throw new ParleyError('GROUP_TOPIC_LIMIT');
    this.#announce(actor, topic, 'created');
    return { topic: { ...topicInfo(topic), lastSeq: 0, readSeq: 0, unread: 0 } };
  }

  async delete(actor: Actor, data: OpData<'group.topic.delete'>): Promise<OpResults['group.topic.delete']> {
    const { app } = actor;
    const { view, topics } = await this.#community(actor, data.groupId);
    permit(atLeast(view.standing, 'Admin'), 'Only the owner and admins may delete topics.');
    const deleted: string[] = [];
    const notFound: string[] = [];
    for (const topicId of new Set(data.topicIds)) {
      const topic = await topics.get(app.sdkAppId, topicId);
      if (!topic || topic.groupId !== data.groupId || !(await topics.delete(app.sdkAppId, topicId))) {
        notFound.push(topicId);
        continue;
      }
      await this.#d.log.deleteConversation(app.sdkAppId, groupConversationId(topicId));
      deleted.push(topicId);
      this.#announce(actor, topic, 'deleted');
    }
    return { groupId: data.groupId, deleted, notFound };
  }

  async update(actor: Actor, data: OpData<'group.topic.update'>): Promise<OpResults['group.topic.update']> {
    const { app } = actor;
    const view = await this.#access.asMemberOf(actor, data.topicId);
    const topics = this.#topicsOf(view);
    permit(atLeast(view.standing, 'Admin'), 'Only the owner and admins may change topics.');
    const { topicId, ...given } = data;
    const patch = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
    const updated = await topics.update(app.sdkAppId, topicId, patch, this.#d.clock.now());
    if (!updated)
      throw new ParleyError('GROUP_NOT_FOUND', { detail: 'The topic does not exist or was deleted.' });
    if (Object.keys(patch).length > 0) this.#announce(actor, updated, 'changed');
    return { topic: (await this.#withSeqs(actor, [updated]))[0] as TopicInfo };
  }

  async list(actor: Actor, data: OpData<'group.topic.list'>): Promise<OpResults['group.topic.list']> {
    const { view, topics } = await this.#community(actor, data.groupId);
    if (view.standing === 'None') {
      throw new ParleyError('GROUP_PERMISSION_DENIED', { detail: 'The user is not a member of this group.' });
    }
    return { topics: await this.#withSeqs(actor, await topics.list(actor.app.sdkAppId, data.groupId)) };
  }

  /** The community and the topic store; GROUP_TOPIC_UNSUPPORTED unless it is a Community with supportTopic. */
  async #community(actor: Actor, groupId: string): Promise<{ view: GroupView; topics: TopicStore }> {
    const view = await this.#access.view(actor, groupId);
    return { view, topics: this.#topicsOf(view) };
  }

  #topicsOf(view: GroupView): TopicStore {
    if (view.group.type !== 'Community' || !view.group.supportTopic || !this.#d.topics) {
      throw new ParleyError('GROUP_TOPIC_UNSUPPORTED');
    }
    return this.#d.topics;
  }

  async #withSeqs(actor: Actor, records: TopicRecord[]): Promise<TopicInfo[]> {
    const { app, userId } = actor;
    const ids = records.map((t) => t.topicId);
    const [lastSeqs, readSeqs] = await Promise.all([
      this.#d.log.lastSeqs(app.sdkAppId, ids.map(groupConversationId)),
      this.#d.topics?.readSeqs(app.sdkAppId, userId, ids) ?? [],
    ]);
    return Promise.all(
      records.map(async (topic, index) => {
        const lastSeq = lastSeqs[index] ?? 0;
        const readSeq = readSeqs[index] ?? 0;
        const unread =
          lastSeq > readSeq
            ? await this.#d.log.countUnread(
                app.sdkAppId,
                groupConversationId(topic.topicId),
                userId,
                readSeq,
                GROUP_UNREAD_CAP,
              )
            : 0;
        return { ...topicInfo(topic), lastSeq, readSeq, unread };
      }),
    );
  }

  #announce(actor: Actor, topic: TopicRecord, change: 'created' | 'changed' | 'deleted'): void {
    this.#d.delivery.pushToGroup(actor.app.sdkAppId, topic.groupId, 'groupTopic', {
      groupId: topic.groupId,
      topicId: topic.topicId,
      change,
      by: actor.userId,
      ...(change === 'deleted' ? {} : { topic: topicInfo(topic) }),
    });
  }
}

function topicInfo(topic: TopicRecord): Omit<TopicInfo, 'lastSeq' | 'readSeq' | 'unread'> {
  return {
    topicId: topic.topicId,
    groupId: topic.groupId,
    name: topic.name,
    introduction: topic.introduction,
    notification: topic.notification,
    faceUrl: topic.faceUrl,
    customData: topic.customData,
    muteAll: topic.muteAll,
    createdAt: topic.createdAt,
  };
}
