import type { GroupServiceDeps } from './group-deps.ts';
import { GroupMembershipService } from './group-membership-service.ts';
import { GroupMessagingService } from './group-messaging-service.ts';
import { GroupReadService } from './group-read-service.ts';
import { GroupService } from './group-service.ts';
import { TopicService } from './topic-service.ts';

/** The group services on one set of ports: a group's life, its members, its messages, read state and receipts, its topics. */
export interface GroupServices {
  groups: GroupService;
  members: GroupMembershipService;
  messages: GroupMessagingService;
  reads: GroupReadService;
  topics: TopicService;
}

export function createGroupServices(deps: GroupServiceDeps): GroupServices {
  return {
    groups: new GroupService(deps),
    members: new GroupMembershipService(deps),
    messages: new GroupMessagingService(deps),
    reads: new GroupReadService(deps),
    topics: new TopicService(deps),
  };
}
