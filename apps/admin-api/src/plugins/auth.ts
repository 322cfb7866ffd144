import { timingSafeEqual } from 'node:crypto';
import type { AppConfigService, RuntimeApp } from '@parley/app-config';
import { identifierProblem, ParleyError, sdkAppIdSchema } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';

/** Who made an admin request: the deployment's operator, or an administrator of one app. */
export type AdminPrincipal =
  | { kind: 'operator' }
  | { kind: 'app-admin'; sdkAppId: number; identifier: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: AdminPrincipal;
  }
}

export interface AuthDeps {
  operatorToken: string;
  appConfig: AppConfigService;
}

/**
 * `Authorization: Bearer <operator token>` for everything, or, on routes of one app,
 * `Authorization: UserSig <identifier> <usersig>` where identifier is one of the app's administrators
 * (Tencent's model: an admin account and its UserSig).
 */
export function createAuthenticator(deps: AuthDeps) {
  const expected = Buffer.from(`Bearer ${deps.operatorToken}`);

  function isOperator(header: string | undefined): boolean {
    if (!header?.startsWith('Bearer ')) return false;
    const given = Buffer.from(header);
    // Constant time for a header of the right length; the length of the token is no secret.
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  return {
    /** Operator only (app creation and listing). */
    async operator(request: FastifyRequest): Promise<void> {
      if (!isOperator(request.headers.authorization)) throw new ParleyError('UNAUTHENTICATED');
      request.principal = { kind: 'operator' };
    },

    /**
     * Operator, or an administrator of the app named in the path. The app must exist (404 APP_NOT_FOUND, even
     * for the operator). A terminated app's data is kept only until it is purged, for the operator: its admins
     * get 410 APP_TERMINATED on every route, reads included.
     */
    async appScoped(request: FastifyRequest): Promise<void> {
      const header = request.headers.authorization;
      if (isOperator(header)) {
        request.principal = { kind: 'operator' };
        const parsed = sdkAppIdSchema.safeParse(Number((request.params as { sdkAppId?: unknown }).sdkAppId));
        // A malformed SDKAppID is left to the route's validation (400); a well-formed one must name an app.
        if (parsed.success) await deps.appConfig.assertExists(parsed.data);
        return;
      }
      if (!header?.startsWith('UserSig ')) throw new ParleyError('UNAUTHENTICATED');
      const [identifier, userSig, ...rest] = header.slice(8).trim().split(/\s+/);
      if (!identifier || !userSig || rest.length > 0 || identifierProblem(identifier)) {
        throw new ParleyError('UNAUTHENTICATED', { detail: 'Expected "UserSig <identifier> <usersig>".' });
      }
      const sdkAppId = Number((request.params as { sdkAppId?: unknown }).sdkAppId);
      if (!Number.isSafeInteger(sdkAppId)) throw new ParleyError('UNAUTHENTICATED');
      await verifyAppAdmin(deps.appConfig, sdkAppId, identifier, userSig).catch((error: unknown) => {
        // An unknown app and a bad signature look the same to an outsider.
        if (error instanceof ParleyError && error.errorName === 'APP_NOT_FOUND')
          throw new ParleyError('UNAUTHENTICATED');
        throw error;
      });
      request.principal = { kind: 'app-admin', sdkAppId, identifier };
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;

/**
 * An administrator of an app, by its UserSig: the signature must be valid (USERSIG_*), the identifier one of the
 * app's `admins` (FORBIDDEN), the app not terminated (APP_TERMINATED). An unknown app fails with APP_NOT_FOUND.
 */
export async function verifyAppAdmin(
  appConfig: AppConfigService,
  sdkAppId: number,
  identifier: string,
  userSig: string,
): Promise<RuntimeApp> {
  const app = await appConfig.verifyUserSig(sdkAppId, identifier, userSig);
  if (!app.config.admins.includes(identifier)) {
    throw new ParleyError('FORBIDDEN', { detail: 'The identifier is not an administrator of this app.' });
  }
  if (app.status === 'terminated') throw new ParleyError('APP_TERMINATED');
  return app;
}
