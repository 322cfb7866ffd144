/**
 * The one error catalogue shared by the REST API and the WebSocket gateway.
 * Codes reuse Tencent Chat's numeric codes where Tencent has one for the same situation;
 * Parley-specific situations use the 91xxx range, which Tencent does not assign.
 * `docs/errors.md` is generated from this table (`npm run docs:errors`) and a test fails when they disagree.
 */
export const errorCatalogue = {
  INTERNAL: { code: 90994, http: 500, message: 'Internal server error.' },
  STORAGE_UNAVAILABLE: {
    code: 91080,
    http: 503,
    message: 'A storage backend is unavailable; retry later. Nothing was acknowledged.',
  },
  MALFORMED_JSON: { code: 90001, http: 400, message: 'The request is not valid JSON.' },
  INVALID_REQUEST: { code: 20001, http: 400, message: 'The request is invalid.' },
  UNKNOWN_OP: { code: 91002, http: 400, message: 'Unknown operation.' },
  FRAME_TOO_LARGE: { code: 91005, http: 413, message: 'The frame exceeds the maximum frame size.' },
  NOT_FOUND: { code: 91090, http: 404, message: 'No such resource.' },
  URI_TOO_LONG: { code: 91006, http: 414, message: 'A part of the request path is too long.' },
  HEADERS_TOO_LARGE: { code: 91007, http: 431, message: 'The request headers are too large.' },
  REQUEST_TIMEOUT: { code: 91008, http: 408, message: 'The request was not received in time.' },

  UNAUTHENTICATED: { code: 91001, http: 401, message: 'Missing or invalid credentials.' },
  FORBIDDEN: { code: 90009, http: 403, message: 'The credentials do not grant access to this resource.' },
  NOT_LOGGED_IN: { code: 91003, http: 401, message: 'Log in first: the first frame must be "login".' },
  ALREADY_LOGGED_IN: { code: 91004, http: 409, message: 'This connection is already logged in.' },

  USERSIG_EXPIRED: { code: 70001, http: 401, message: 'The UserSig has expired.' },
  USERSIG_INVALID: { code: 70003, http: 401, message: 'The UserSig is malformed.' },
  USERSIG_SIGNATURE_MISMATCH: {
    code: 70009,
    http: 401,
    message: 'The UserSig was not signed with this app’s secret key.',
  },
  USERSIG_IDENTIFIER_MISMATCH: {
    code: 70013,
    http: 401,
    message: 'The UserSig was issued for another identifier.',
  },
  USERSIG_APP_MISMATCH: { code: 70014, http: 401, message: 'The UserSig was issued for another SDKAppID.' },

  APP_NOT_FOUND: { code: 70020, http: 404, message: 'No app has this SDKAppID.' },
  APP_DISABLED: { code: 91010, http: 403, message: 'The app is disabled.' },
  APP_TERMINATED: { code: 91011, http: 410, message: 'The app has been terminated.' },
  CONFIG_INVALID: { code: 91060, http: 400, message: 'The configuration is invalid.' },
  REVISION_CONFLICT: {
    code: 91061,
    http: 409,
    message: 'The configuration changed meanwhile; re-read it and retry.',
  },

  ACCOUNT_NOT_FOUND: { code: 20003, http: 404, message: 'The account does not exist in this app.' },
  BLOCKED_BY_CALLBACK: {
    code: 20006,
    http: 403,
    message: 'The app’s before-send callback rejected the message.',
  },
  BLACKLISTED: { code: 20007, http: 403, message: 'The recipient has blocked the sender.' },
  NOT_FRIENDS: { code: 20009, http: 403, message: 'Sender and recipient are not friends.' },
  SENDER_MUTED: { code: 20012, http: 403, message: 'The sender is muted.' },
  RECALL_TIME_LIMIT_EXCEEDED: {
    code: 20016,
    http: 403,
    message: 'The message is older than the app’s recall time limit.',
  },
  MESSAGE_NOT_FOUND: { code: 91050, http: 404, message: 'No message has this seq in this conversation.' },
  NOT_A_PARTICIPANT: {
    code: 91051,
    http: 403,
    message: 'The user is not a participant of this conversation.',
  },
  RECALL_NOT_SENDER: { code: 91052, http: 403, message: 'Only the sender of a message may recall it.' },
  RECALL_DISABLED: { code: 91053, http: 403, message: 'Recall is disabled for this app.' },
  MESSAGE_TOO_LARGE: { code: 80002, http: 413, message: 'The message body exceeds 12 KB.' },
  CALLBACK_FAILED: {
    code: 80003,
    http: 503,
    message: 'The app’s before-send callback failed and the app blocks on failure.',
  },
  DUPLICATE_IN_FLIGHT: {
    code: 91070,
    http: 409,
    message: 'A message with this random is still being sent; retry.',
  },

  RATE_LIMITED: {
    code: 91030,
    http: 429,
    message: 'The app’s message rate quota is exhausted; retry later.',
  },
  CONNECTION_QUOTA_EXCEEDED: {
    code: 91031,
    http: 429,
    message: 'The app’s concurrent connection quota is reached.',
  },
  ABUSE: { code: 91032, http: 429, message: 'Too many invalid frames; the connection is closed.' },
  READ_RATE_LIMITED: {
    code: 91034,
    http: 429,
    message: 'The user’s read quota (sync, history, conversations) is exhausted; retry later.',
  },
  TOO_MANY_IN_FLIGHT: {
    code: 91033,
    http: 429,
    message: 'Too many requests in flight on this connection; wait for replies before sending more.',
  },

  FRIEND_REQUEST_PENDING: {
    code: 30539,
    http: 202,
    message: 'The friend request awaits the other user’s confirmation.',
  },
  FRIEND_ADD_DENIED: { code: 30516, http: 403, message: 'The user accepts no friend requests.' },
  BLACKLISTED_BY_TARGET: { code: 30525, http: 403, message: 'The user has blocked the requester.' },
  TARGET_IN_OWN_BLACKLIST: {
    code: 30515,
    http: 403,
    message: 'The user is in the requester’s own blacklist; remove them from it first.',
  },
  NO_PENDING_REQUEST: {
    code: 91040,
    http: 404,
    message: 'There is no pending friend request from this user.',
  },
  GROUP_UNSUPPORTED_OPERATION: {
    code: 10003,
    http: 400,
    message: 'This operation is not available for this group type.',
  },
  GROUP_INVALID_PARAMETER: { code: 10004, http: 400, message: 'A group parameter is invalid.' },
  GROUP_PERMISSION_DENIED: {
    code: 10007,
    http: 403,
    message: 'The user’s role in the group does not allow this operation.',
  },
  GROUP_OWNER_CANNOT_QUIT: {
    code: 10009,
    http: 403,
    message: 'The owner cannot quit this group; transfer ownership or disband it.',
  },
  GROUP_NOT_FOUND: { code: 10010, http: 404, message: 'The group does not exist or was disbanded.' },
  GROUP_ALREADY_MEMBER: { code: 10013, http: 409, message: 'The user is already a member of the group.' },
  GROUP_FULL: { code: 10014, http: 403, message: 'The group is full.' },
  GROUP_ID_INVALID: { code: 10015, http: 400, message: 'The group ID is not valid.' },
  GROUP_CALLBACK_REJECTED: {
    code: 10016,
    http: 403,
    message: 'The app’s callback rejected the group operation.',
  },
  GROUP_MEMBER_MUTED: { code: 10017, http: 403, message: 'The sender is muted in this group.' },
  GROUP_USER_NOT_FOUND: { code: 10019, http: 404, message: 'A user in the request does not exist.' },
  GROUP_ID_TAKEN: { code: 10021, http: 409, message: 'The group ID is already in use.' },
  GROUP_RATE_LIMITED: {
    code: 10023,
    http: 429,
    message: 'The group’s message rate (40 per second) is exceeded; retry later.',
  },
  GROUP_APPLICATION_HANDLED: {
    code: 10024,
    http: 409,
    message: 'The application was already handled (or there is none).',
  },
  GROUP_MESSAGE_NOT_FOUND: { code: 10030, http: 404, message: 'No message has this seq in this group.' },
  GROUP_RECALL_TIME_LIMIT: {
    code: 10031,
    http: 403,
    message: 'The message is older than the app’s recall time limit.',
  },
  GROUP_RECALL_UNSUPPORTED: {
    code: 10033,
    http: 400,
    message: 'This group type does not support recalling messages.',
  },
  GROUP_TOO_MANY_JOINED: {
    code: 10037,
    http: 403,
    message: 'The user has created or joined as many groups as the plan allows.',
  },
  GROUP_MEMBER_LIMIT: {
    code: 10038,
    http: 403,
    message: 'The member count asked for is above what the plan allows for this group type.',
  },
  GROUP_RECALL_DISABLED: {
    code: 10041,
    http: 403,
    message: 'The app does not allow recalling group messages.',
  },
  GROUP_TOO_MANY_MENTIONS: { code: 10053, http: 400, message: 'A message may mention at most 30 users.' },
  GROUP_PLAN_FEATURE: {
    code: 10059,
    http: 403,
    message: 'This group feature needs a higher plan (Community groups: ultimate or enterprise).',
  },
  GROUP_TOPIC_UNSUPPORTED: {
    code: 10076,
    http: 400,
    message: 'The group does not support topics (only Communities created with supportTopic do).',
  },
  GROUP_TOPIC_LIMIT: { code: 91110, http: 403, message: 'A community may have at most 200 topics.' },
  PROFILE_VALUE_INVALID: {
    code: 40001,
    http: 400,
    message: 'A profile value has the wrong type or is not one of the tag’s values.',
  },
  PROFILE_ACCOUNT_NOT_FOUND: {
    code: 40003,
    http: 404,
    message: 'The account of the profile does not exist.',
  },
  PROFILE_NO_WRITE_PERMISSION: {
    code: 40008,
    http: 403,
    message: 'The profile tag may not be written by this caller (the app’s admin only).',
  },
  PROFILE_TAG_UNKNOWN: {
    code: 40009,
    http: 400,
    message: 'No such profile tag: not a standard tag, nor one of the app’s custom user fields.',
  },
  PROFILE_VALUE_TOO_LONG: {
    code: 40601,
    http: 400,
    message: 'A profile value is too long (500 bytes; Tag_Profile_IM_Location 16).',
  },
  CALLBACK_URL_REFUSED: { code: 91100, http: 400, message: 'The callback URL is not allowed.' },
} as const satisfies Record<string, { code: number; http: number; message: string }>;

export type ErrorName = keyof typeof errorCatalogue;
export type ErrorEntry = (typeof errorCatalogue)[ErrorName];

/** The wire shape of an error, in REST bodies (`{ error }`) and in WebSocket replies. */
export interface WireError {
  code: number;
  name: ErrorName;
  message: string;
  /** Per-field problems for CONFIG_INVALID / INVALID_REQUEST. */
  fields?: { path: string; message: string }[];
}
