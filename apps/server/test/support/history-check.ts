import type { SendResult, WireMessage } from '@parley/protocol';
import { expect } from 'vitest';

/** A send the server acknowledged: the random it carried and the reply. */
export interface Acknowledged {
  random: number;
  result: SendResult;
}

/**
 * A conversation's full history after an outage: seqs 1..n with no gap, no random twice, and every acknowledged
 * send at the seq and msgKey its reply named.
 */
export function expectCompleteHistory(
  history: readonly WireMessage[],
  acknowledged: readonly Acknowledged[],
) {
  expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
  const randoms = history.map((m) => m.random);
  expect(new Set(randoms).size).toBe(randoms.length);
  const bySeq = new Map(history.map((m) => [m.seq, m]));
  for (const { random, result } of acknowledged) {
    expect(bySeq.get(result.seq), `acknowledged seq ${result.seq}`).toMatchObject({
      random,
      msgKey: result.msgKey,
    });
  }
}
