import { z } from 'zod';

/**
 * How a user accepts friend requests unless they chose otherwise (Tencent's Tag_Profile_IM_AllowType:
 * AllowType_Type_NeedConfirm, AllowType_Type_AllowAny, AllowType_Type_DenyAny).
 */
export const FRIEND_ADD_VERIFICATIONS = ['need-confirm', 'allow-any', 'deny-any'] as const;

export const friendsSchema = z.strictObject({
  defaultAddVerification: z.enum(FRIEND_ADD_VERIFICATIONS).default('need-confirm'),
});
