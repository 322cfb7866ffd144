import type { Actor, MessagingService, RelationService } from '@parley/domain';
import { type OpData, type OpName, type OpResults, ParleyError } from '@parley/protocol';

type Handler<Op extends OpName> = (actor: Actor, data: OpData<Op>) => Promise<OpResults[Op]>;
type GroupOp = Extract<OpName, `group.${string}`>;
type Handlers = { [Op in Exclude<OpName, 'login' | 'logout' | 'ping' | GroupOp>]: Handler<Op> } & {
  [Op in GroupOp]?: Handler<Op>;
};

/** The ops a logged-in session may call, mapped to the domain services. */
export function createOpHandlers(messaging: MessagingService, relations: RelationService): Handlers {
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
  };
}

export type OpHandlers = ReturnType<typeof createOpHandlers>;

export function handlerFor(handlers: OpHandlers, op: OpName): Handler<OpName> {
  if (op === 'login' || op === 'logout' || op === 'ping') throw new ParleyError('UNKNOWN_OP');
  const handler = handlers[op];
  if (!handler) throw new ParleyError('UNKNOWN_OP');
  return handler as unknown as Handler<OpName>;
}
