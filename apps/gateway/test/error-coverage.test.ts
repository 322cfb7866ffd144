import { closeCodes, type ErrorName, errorCatalogue } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { coverageGaps, notFromGateway, type ReceivedOverRun } from './support/error-coverage.ts';

const reachable = (Object.keys(errorCatalogue) as ErrorName[]).filter((name) => !notFromGateway[name]);
const everyCloseCode = new Set(Object.values(closeCodes).map(({ code }) => code));
const complete: ReceivedOverRun = { errors: new Set(reachable), closeCodes: everyCloseCode };

/**
 * The check itself runs after the whole run (support/error-coverage-setup.ts), on what the test clients received;
 * these tests show it fails when it should.
 */
describe('the gateway error-coverage check', () => {
  it('is satisfied when every reachable error and every close code was received', () => {
    expect(coverageGaps(complete)).toEqual([]);
  });

  it('names a reachable error that no client received', () => {
    const errors = new Set(reachable.filter((name) => name !== 'NOT_FRIENDS'));
    expect(coverageGaps({ ...complete, errors })).toEqual(['no gateway test received the error NOT_FRIENDS']);
  });

  it('names an excluded error that a client did receive', () => {
    const errors = new Set([...reachable, 'FORBIDDEN']);
    expect(coverageGaps({ ...complete, errors })).toEqual([
      expect.stringMatching(/^FORBIDDEN reached a gateway client/),
    ]);
  });

  it('names a close code that no client saw', () => {
    const codes = new Set([...everyCloseCode].filter((code) => code !== 4008));
    expect(coverageGaps({ ...complete, closeCodes: codes })).toEqual([
      'no gateway test saw the close code 4008 (KEEPALIVE_TIMEOUT)',
    ]);
  });

  it('excludes only catalogue errors, each with a reason', () => {
    for (const [name, reason] of Object.entries(notFromGateway)) {
      expect(Object.keys(errorCatalogue)).toContain(name);
      expect(reason.length).toBeGreaterThan(10);
    }
  });
});
