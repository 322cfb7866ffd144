import { z } from 'zod';

/**
 * Whether members who join a group can pull the messages sent before they joined, per group type. Defaults are
 * Tencent's: off for Work and Public groups, on for Meeting and Community groups ("Group types" table:
 * "View roaming messages from before joining"). AVChatRoom stores no history, so it has its own switch below.
 */
export const preJoinHistorySchema = z.strictObject({
  Work: z.boolean().default(false),
  Public: z.boolean().default(false),
  Meeting: z.boolean().default(true),
  Community: z.boolean().default(true),
});

export const groupsSchema = z.strictObject({
  avChatRoomNewMemberHistory: z.boolean().default(false),
  preJoinHistory: preJoinHistorySchema.prefault({}),
});
