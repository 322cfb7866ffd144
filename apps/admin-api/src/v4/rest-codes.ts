import { type ErrorName, ParleyError } from '@parley/protocol';

/**
 * The error codes of Tencent's REST API (/v4) that have no situation in Parley's catalogue: the envelope's own
 * (URL, JSON, app, admin, rate) and the per-command ones Tencent documents. Everything else a /v4 command fails
 * with is a catalogue error, answered with the catalogue's code (Tencent's where Tencent has one) or with the
 * REST code `restCodeOfCatalogue` maps it to.
 */
export const restFailures = {
  BAD_URL: { code: 60002, info: 'Bad URL: unknown service or command, or a malformed query parameter.' },
  BAD_JSON: { code: 60003, info: 'The request body is not a JSON object.' },
  BAD_SDKAPPID: { code: 60006, info: 'No app has this SDKAppID.' },
  NOT_ADMIN: { code: 60010, info: 'The identifier is not an administrator of this app.' },
  SDKAPPID_MISSING: { code: 60012, info: 'The sdkappid query parameter is missing.' },
  APP_DISABLED: { code: 60016, info: 'The app is disabled or terminated.' },
  RATE_LIMITED: { code: 60018, info: 'Too many calls of this command per second; retry later.' },
  BAD_FIELD: { code: 90001, info: 'A field of the request body is missing or invalid.' },
  ACCOUNT_BAD_FIELD: { code: 70402, info: 'A field of the request body is missing or invalid.' },
  GROUP_BAD_FIELD: { code: 10004, info: 'A field of the request body is missing or invalid.' },
  LIFETIME_TOO_LONG: { code: 90026, info: 'MsgLifeTime is longer than 7 days (604800 s).' },
  ACCOUNT_MISSING: { code: 90048, info: 'The account does not exist.' },
  ACCOUNT_NOT_IMPORTED: { code: 70107, info: 'The account does not exist.' },
  TOO_LARGE: { code: 93000, info: 'The request is too large.' },
  MESSAGE_NOT_FOUND: { code: 20022, info: 'The message to recall does not exist.' },
  CONTACT_ACCOUNT_MISSING: { code: 50001, info: 'The account does not exist.' },
  CONTACT_BAD_FIELD: { code: 50002, info: 'A field of the request body is missing or invalid.' },
  PROFILE_BAD_FIELD: { code: 40001, info: 'A field of the request body is missing or invalid.' },
  SNS_BAD_FIELD: { code: 30001, info: 'A field of the request body is missing or invalid.' },
  SNS_ACCOUNT_MISSING: { code: 30003, info: 'The account does not exist.' },
  ALREADY_FRIENDS: { code: 30001, info: 'The users are already friends.' },
  NO_SUCH_FRIEND: { code: 30001, info: 'The user is not a friend.' },
  NOT_FRIENDS: { code: 31704, info: 'The users are not friends.' },
  ALREADY_BLACKLISTED: { code: 30001, info: 'The user is already in the blacklist.' },
  NOT_BLACKLISTED: { code: 30001, info: 'The user is not in the blacklist.' },
  NOSPEAKING_BAD_FIELD: { code: 130005, info: 'A field of the request body is missing or invalid.' },
  NOSPEAKING_NO_TIME: {
    code: 130008,
    info: 'Neither C2CmsgNospeakingTime nor GroupmsgNospeakingTime is given.',
  },
} as const satisfies Record<string, { code: number; info: string }>;

export type RestFailureName = keyof typeof restFailures;

/** A /v4 command's failure with one of Tencent's REST codes. */
export class RestFailure extends Error {
  readonly failure: RestFailureName;
  readonly code: number;

  constructor(failure: RestFailureName, detail?: string) {
    const entry = restFailures[failure];
    super(detail ? `${entry.info} ${detail}` : entry.info);
    this.name = 'RestFailure';
    this.failure = failure;
    this.code = entry.code;
  }
}

/**
 * Catalogue errors whose code on /v4 is a different one of Tencent's REST codes (the catalogue's own code serves the
 * WebSocket protocol and /v1). Those not listed keep their catalogue code.
 */
const restCodeOfCatalogue: Partial<Record<ErrorName, RestFailureName>> = {
  MALFORMED_JSON: 'BAD_JSON',
  INVALID_REQUEST: 'BAD_FIELD',
  APP_NOT_FOUND: 'BAD_SDKAPPID',
  APP_TERMINATED: 'APP_DISABLED',
  FORBIDDEN: 'NOT_ADMIN',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_MISSING',
  FRAME_TOO_LARGE: 'TOO_LARGE',
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
};

/** A /v4 failure as the envelope reports it: Tencent's code, a name for telemetry, the ErrorInfo. */
export interface RestError {
  code: number;
  name: string;
  info: string;
}

/** The REST code, telemetry name and text of anything a command threw (unknown throws: INTERNAL). */
export function restErrorOf(raw: unknown): RestError {
  if (raw instanceof RestFailure) return { code: raw.code, name: `REST_${raw.failure}`, info: raw.message };
  const error = raw instanceof ParleyError ? raw : new ParleyError('INTERNAL', { cause: raw });
  const mapped = restCodeOfCatalogue[error.errorName];
  // The catalogue's message says more (which account, which limit) than the REST code's own text.
  return {
    code: mapped ? restFailures[mapped].code : error.code,
    name: error.errorName,
    info: error.message,
  };
}

export function restCodeOf(raw: unknown): number {
  return restErrorOf(raw).code;
}
