import type { GroupServiceDeps } from './group-deps.ts';
import { GroupMembershipService } from './group-membership-service.ts';
import { GroupMessagingService } from './group-messaging-service.ts';
import { GroupService } from './group-service.ts';

/** The three group services on one set of ports: a group's life, its members, its messages. */
export interface GroupServices {
  groups: GroupService;
  members: GroupMembershipService;
  messages: GroupMessagingService;
}

export function createGroupServices(deps: GroupServiceDeps): GroupServices {
  return {
    groups: new GroupService(deps),
    members: new GroupMembershipService(deps),
    messages: new GroupMessagingService(deps),
  };
}
