import { errorCatalogue, sdkAppIdSchema } from '@parley/protocol';
import { z } from 'zod';

export const sdkAppIdParams = z.object({ sdkAppId: z.coerce.number().pipe(sdkAppIdSchema) });

const errorNames = Object.keys(errorCatalogue) as [
  keyof typeof errorCatalogue,
  ...(keyof typeof errorCatalogue)[],
];

export const errorBody = z
  .object({
    error: z.object({
      code: z.number().int(),
      name: z.enum(errorNames),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ description: 'An error from the catalogue (docs/errors.md).' });

/** The error responses every authenticated route may give. */
export const authErrors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody } as const;

/**
 * The error responses of every route of one app: 404 APP_NOT_FOUND for an app that does not exist (operator
 * included), 410 APP_TERMINATED for an app admin of a terminated app (reads included) and for changes to it.
 */
export const appErrors = { ...authErrors, 410: errorBody } as const;

export const securityBoth: { [label: string]: string[] }[] = [{ operatorToken: [] }, { appAdminUserSig: [] }];
export const securityOperator: { [label: string]: string[] }[] = [{ operatorToken: [] }];
