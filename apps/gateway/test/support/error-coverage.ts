import { closeCodes, type ErrorName, errorCatalogue } from '@parley/protocol';

/**
 * Catalogue entries a WebSocket client can never receive from the gateway, and why. Every other entry must reach a
 * gateway test's client at least once; a new catalogue entry fails the check until a test receives it or it is
 * listed here.
 */
export const notFromGateway: Partial<Record<ErrorName, string>> = {
  UNAUTHENTICATED: 'REST only: missing or invalid admin credentials.',
  FORBIDDEN: 'REST only: credentials without access to the app.',
  NOT_FOUND: 'REST only: unknown route or resource.',
  CONFIG_INVALID: 'REST only: configuration PATCH.',
  REVISION_CONFLICT: 'REST only: configuration PATCH with If-Match.',
  CALLBACK_URL_REFUSED: 'REST only: callback URL in the configuration.',
  URI_TOO_LONG: 'REST only: an over-long path parameter.',
  HEADERS_TOO_LARGE: 'REST only: malformed HTTP (the WebSocket upgrade is refused before any frame).',
  REQUEST_TIMEOUT: 'REST only: a request not received in time.',
  PROFILE_ACCOUNT_NOT_FOUND:
    'REST only: portrait_set of an unknown account (profile.set writes the caller, profile.get lists unknown users in notFound).',
  ABUSE: 'The gateway closes with 4003 instead of replying with this error.',
};

/** What the clients of the gateway tests received over the whole run. */
export interface ReceivedOverRun {
  errors: ReadonlySet<string>;
  closeCodes: ReadonlySet<number>;
}

/** Every way the run falls short: a reachable error or close code no client received, or an excluded error that one did. */
export function coverageGaps(received: ReceivedOverRun): string[] {
  const gaps: string[] = [];
  for (const name of Object.keys(errorCatalogue) as ErrorName[]) {
    const excluded = notFromGateway[name];
    if (excluded && received.errors.has(name)) {
      gaps.push(
        `${name} reached a gateway client, yet is listed as "${excluded}": remove it from notFromGateway`,
      );
    }
    if (!excluded && !received.errors.has(name)) gaps.push(`no gateway test received the error ${name}`);
  }
  for (const [name, { code }] of Object.entries(closeCodes)) {
    if (!received.closeCodes.has(code)) gaps.push(`no gateway test saw the close code ${code} (${name})`);
  }
  return gaps;
}
