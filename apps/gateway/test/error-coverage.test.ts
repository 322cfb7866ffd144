import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ErrorName, closeCodes, errorCatalogue } from '@parley/protocol';
import { describe, expect, it } from 'vitest';

/**
 * Catalogue entries a WebSocket client can never receive from the gateway, and why. Every other entry must be
 * produced by at least one test in this folder; a new catalogue entry fails here until it is tested or listed.
 */
const notFromGateway: Partial<Record<ErrorName, string>> = {
  UNAUTHENTICATED: 'REST only: missing or invalid admin credentials.',
  FORBIDDEN: 'REST only: credentials without access to the app.',
  NOT_FOUND: 'REST only: unknown route or resource.',
  CONFIG_INVALID: 'REST only: configuration PATCH.',
  REVISION_CONFLICT: 'REST only: configuration PATCH with If-Match.',
  CALLBACK_URL_REFUSED: 'REST only: callback URL in the configuration.',
  URI_TOO_LONG: 'REST only: an over-long path parameter.',
  HEADERS_TOO_LARGE: 'REST only: malformed HTTP (the WebSocket upgrade is refused before any frame).',
  REQUEST_TIMEOUT: 'REST only: a request not received in time.',
  ABUSE: 'The gateway closes with 4003 instead of replying with this error.',
};

const here = fileURLToPath(new URL('.', import.meta.url));
const testSources = readdirSync(here)
  .filter((file) => file.endsWith('.test.ts') && file !== 'error-coverage.test.ts')
  .map((file) => readFileSync(join(here, file), 'utf8'))
  .join('\n');

function asserted(name: string, code: number): boolean {
  return testSources.includes(`'${name}'`) || new RegExp(`\\b${code}\\b`).test(testSources);
}

describe('every catalogue error the gateway can return is produced by a test', () => {
  for (const [name, entry] of Object.entries(errorCatalogue)) {
    const reason = notFromGateway[name as ErrorName];
    if (reason) {
      it(`${name} (${entry.code}) is not a gateway reply: ${reason}`, () => {
        expect(asserted(name, entry.code), `${name} is tested: remove it from notFromGateway`).toBe(false);
      });
    } else {
      it(`${name} (${entry.code})`, () => {
        expect(asserted(name, entry.code), `no gateway test produces ${name}`).toBe(true);
      });
    }
  }

  it('every close code is observed by a test', () => {
    for (const { code } of Object.values(closeCodes)) {
      expect(new RegExp(`\\b${code}\\b`).test(testSources), `no test observes close ${code}`).toBe(true);
    }
  });
});
