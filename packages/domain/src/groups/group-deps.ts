import type { PushDelivery } from '../messaging/push-delivery.ts';
import type { SendClaims } from '../messaging/send-claims.ts';
import type { AccountStore } from '../ports/account-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { GroupMessageLog } from '../ports/group-message-log.ts';
import type { GroupStore } from '../ports/group-store.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { TopicStore } from '../ports/topic-store.ts';
import type { GroupDelivery } from './group-delivery.ts';
import type { GroupHooks } from './group-hooks.ts';

/** What the group services are built on. */
export interface GroupServiceDeps {
  groups: GroupStore;
  /** Community topics; absent where the node wires none (then no community supports topics). */
  topics?: TopicStore;
  log: GroupMessageLog;
  messages: MessageStore;
  accounts: AccountStore;
  claims: SendClaims;
  rateLimiter: RateLimiter;
  /** The cluster: group fan-out and pushes to single users. */
  delivery: GroupDelivery & PushDelivery;
  hooks: GroupHooks;
  clock: Clock;
}
