import type { Actor, GroupServices, MessagingService, ProfileService, RelationService } from '@parley/domain';
import { type OpData, type OpName, type OpResults, ParleyError } from '@parley/protocol';

type Handler<Op extends OpName> = (actor: Actor, data: OpData<Op>) => Promise<OpResults[Op]>;
type Handlers = { [Op in Exclude<OpName, 'login' | 'logout' | 'ping'>]: Handler<Op> };

/** The ops a logged-in session may call, mapped to the domain services. */
export function createOpHandlers(
  messaging: MessagingService,
  relations: RelationService,
  profiles: ProfileService,
  { groups, members, messages, reads, topics }: GroupServices,
): Handlers {
  return {
    send: (actor, data) => messaging.send(actor, data),
    sync: (actor, data) => messaging.sync(actor, data),
    history: (actor, data) => messaging.history(actor, data),
    recall: (actor, data) => messaging.recall(actor, data),
    conversations: (actor, data) => messaging.conversations(actor, data),
    read: (actor, data) => messaging.read(actor, data),
    'friend.add': (actor, data) => relations.addFriend(actor, data),
    'friend.respond': (actor, data) => relations.respond(actor, data),
    'friend.delete': (actor, data) => relations.deleteFriend(actor, data),
    'friend.list': (actor) => relations.listFriends(actor),
    'friend.check': (actor, data) => relations.check(actor, data),
    'blacklist.add': (actor, data) => relations.blacklistAdd(actor, data),
    'blacklist.remove': (actor, data) => relations.blacklistRemove(actor, data),
    'blacklist.list': (actor) => relations.blacklistList(actor),
    'profile.get': (actor, data) => profiles.get(actor, data),
    'profile.set': (actor, data) => profiles.set(actor, data),
    'group.create': (actor, data) => groups.create(actor, data),
    'group.info': (actor, data) => groups.info(actor, data),
    'group.update': (actor, data) => groups.update(actor, data),
    'group.destroy': (actor, data) => groups.destroy(actor, data),
    'group.transfer': (actor, data) => groups.transfer(actor, data),
    'group.muteAll': (actor, data) => groups.muteAll(actor, data),
    'group.joined': (actor) => groups.joined(actor),
    'group.join': (actor, data) => members.join(actor, data),
    'group.applications': (actor, data) => members.applications(actor, data),
    'group.respond': (actor, data) => members.respond(actor, data),
    'group.invite': (actor, data) => members.invite(actor, data),
    'group.kick': (actor, data) => members.kick(actor, data),
    'group.quit': (actor, data) => members.quit(actor, data),
    'group.members': (actor, data) => members.members(actor, data),
    'group.setMember': (actor, data) => members.setMember(actor, data),
    'group.send': (actor, data) => messages.send(actor, data),
    'group.sync': (actor, data) => messages.sync(actor, data),
    'group.history': (actor, data) => messages.history(actor, data),
    'group.recall': (actor, data) => messages.recall(actor, data),
    'group.read': (actor, data) => reads.read(actor, data),
    'group.receipts': (actor, data) => reads.receipts(actor, data),
    'group.readers': (actor, data) => reads.readers(actor, data),
    'group.topic.create': (actor, data) => topics.create(actor, data),
    'group.topic.delete': (actor, data) => topics.delete(actor, data),
    'group.topic.update': (actor, data) => topics.update(actor, data),
    'group.topic.list': (actor, data) => topics.list(actor, data),
  };
}

export type OpHandlers = ReturnType<typeof createOpHandlers>;

export function handlerFor(handlers: OpHandlers, op: OpName): Handler<OpName> {
  if (op === 'login' || op === 'logout' || op === 'ping') throw new ParleyError('UNKNOWN_OP');
  return handlers[op] as unknown as Handler<OpName>;
}
