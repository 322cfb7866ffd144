import { errorCatalogue } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { isRetryableSendError, ParleyClientError } from '../src/index.ts';

function wireError(name: keyof typeof errorCatalogue): ParleyClientError {
  const { code, message } = errorCatalogue[name];
  return ParleyClientError.fromWire({ code, name, message });
}

describe('which send errors the same frame may be sent again after', () => {
  it('those that applied nothing or left the outcome unknown', () => {
    for (const name of ['DUPLICATE_IN_FLIGHT', 'STORAGE_UNAVAILABLE', 'TOO_MANY_IN_FLIGHT'] as const) {
      expect(isRetryableSendError(wireError(name)), name).toBe(true);
    }
  });

  it('not those the request itself must change for', () => {
    for (const name of ['NOT_FRIENDS', 'INVALID_REQUEST', 'MESSAGE_TOO_LARGE', 'BLACKLISTED'] as const) {
      expect(isRetryableSendError(wireError(name)), name).toBe(false);
    }
  });
});
