import { errorCatalogue, type SendResult } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { ParleyClientError } from '../src/index.ts';
import { OwnSends } from '../src/own-sends.ts';
import { type SendWithRetryDeps, sendWithRetry } from '../src/send-with-retry.ts';

const inFlight = () => {
  const { code, message } = errorCatalogue.DUPLICATE_IN_FLIGHT;
  return ParleyClientError.fromWire({ code, name: 'DUPLICATE_IN_FLIGHT', message });
};
const timeout = () => {
  const { code, message } = errorCatalogue.STORAGE_UNAVAILABLE;
  return ParleyClientError.fromWire({ code, name: 'STORAGE_UNAVAILABLE', message });
};
const RESULT: SendResult = { conversationId: 'c2c:alice:bob', seq: 7, msgKey: 'k', time: 1 };

function deps(overrides: Partial<SendWithRetryDeps> = {}): SendWithRetryDeps {
  return {
    ownSends: new OwnSends('alice'),
    onSent: () => {},
    maxAttempts: 3,
    backoff: { initialDelayMs: 1, maxDelayMs: 5, factor: 2, jitter: 0 },
    ...overrides,
  };
}

/** A message whose attempts fail with `failures` in order, then succeed. */
function message(failures: (() => ParleyClientError)[]) {
  let calls = 0;
  return {
    calls: () => calls,
    random: 42,
    conversationId: 'c2c:alice:bob',
    attempt: async () => {
      const failure = failures[calls];
      calls += 1;
      if (failure) throw failure();
      return RESULT;
    },
  };
}

describe('send retries on DUPLICATE_IN_FLIGHT', () => {
  it('keep going past maxAttempts while the claim may still be held, until the resend is answered', async () => {
    const m = message(Array.from({ length: 10 }, () => inFlight));
    expect(await sendWithRetry(deps(), m)).toEqual(RESULT);
    expect(m.calls()).toBe(11);
  });

  it('stop after the in-flight budget with the last error', async () => {
    const m = message(Array.from({ length: 1_000 }, () => inFlight));
    const error = await sendWithRetry(deps({ inFlightBudgetMs: 40 }), m).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DUPLICATE_IN_FLIGHT' });
    expect(m.calls()).toBeGreaterThan(2);
    expect(m.calls()).toBeLessThan(1_000);
  });

  it('do not use up the attempts other failures get', async () => {
    const m = message([timeout, inFlight, inFlight, inFlight, inFlight, timeout]);
    expect(await sendWithRetry(deps(), m)).toEqual(RESULT);
    const refused = message([timeout, inFlight, timeout, timeout]);
    await expect(sendWithRetry(deps(), refused)).rejects.toMatchObject({ name: 'STORAGE_UNAVAILABLE' });
    expect(refused.calls()).toBe(4);
  });

  it('wait with backoff between in-flight resends', async () => {
    const m = message([inFlight, inFlight, inFlight]);
    const started = Date.now();
    await sendWithRetry(deps({ backoff: { initialDelayMs: 20, maxDelayMs: 20, factor: 1, jitter: 0 } }), m);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
