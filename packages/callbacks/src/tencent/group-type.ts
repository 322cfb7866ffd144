import type { GroupType } from '@parley/protocol';

/** Tencent's server-side group type IDs (REST API and callbacks' `Type`). */
export type TencentGroupType = 'Private' | 'Public' | 'ChatRoom' | 'AVChatRoom' | 'Community';

const byType: Record<GroupType, TencentGroupType> = {
  // Tencent: "Private: same as work groups (Work) in the new version"; "ChatRoom: same as meeting groups".
  Work: 'Private',
  Public: 'Public',
  Meeting: 'ChatRoom',
  AVChatRoom: 'AVChatRoom',
  Community: 'Community',
};

/** The `Type` a group callback carries: the server-side ID Tencent's callbacks use for the group's type. */
export function tencentGroupType(type: GroupType): TencentGroupType {
  return byType[type];
}
