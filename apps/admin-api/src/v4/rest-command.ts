import type { RuntimeApp } from '@parley/app-config';
import type { z } from 'zod';
import type { RestFailureName } from './rest-codes.ts';

/** One call of a /v4 command, once the envelope verified the admin and parsed the body. */
export interface RestCall<Input> {
  app: RuntimeApp;
  /** The admin identifier of the URL. */
  admin: string;
  input: Input;
  clientIp: string;
}

/** A Tencent REST command: its body schema (Tencent's field names) and what it does. */
export interface RestCommand {
  input: z.ZodType;
  /** Half the per-command rate quota (Tencent: 100/s for multiaccount_import, account_delete, account_check). */
  heavy?: boolean;
  /** The fields of the reply next to ActionStatus, ErrorCode and ErrorInfo. */
  run(call: RestCall<unknown>): Promise<Record<string, unknown>>;
}

/** The commands of one Tencent service (`/v4/<service>/<command>`). */
export interface RestService {
  name: string;
  /** What a body that fails its schema answers (Tencent documents 70402 for the account service, 90001 elsewhere). */
  invalidField: RestFailureName;
  commands: Record<string, RestCommand>;
}

/** Types a command's `run` by its schema. */
export function restCommand<S extends z.ZodType>(command: {
  input: S;
  heavy?: boolean;
  run(call: RestCall<z.infer<S>>): Promise<Record<string, unknown>>;
}): RestCommand {
  return command as RestCommand;
}
