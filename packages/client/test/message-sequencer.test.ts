import type { OpResults, PushPayloads, WireMessage } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { MessageSequencer } from '../src/message-sequencer.ts';

const CONV = 'c2c:alice:bob';

function message(seq: number, extra: Partial<WireMessage> = {}): WireMessage {
  return {
    conversationId: CONV,
    seq,
    msgKey: `k${seq}`,
    from: 'bob',
    to: 'alice',
    random: seq,
    time: seq,
    body: [],
    ...extra,
  };
}

/**
 * The sequencer against an in-memory conversation: `stored` is what the server can return (a retention cut
 * removes a prefix), and `sync` answers like the gateway, a page at a time.
 */
function harness(stored: WireMessage[], lastSeenSeqs: Record<string, number> = {}, pageSize = 2) {
  const delivered: number[] = [];
  const recalled: PushPayloads['recalled'][] = [];
  const syncs: number[] = [];
  const sequencer = new MessageSequencer(
    {
      sync: async (_conversationId, afterSeq): Promise<OpResults['sync']> => {
        syncs.push(afterSeq);
        const messages = stored.filter((m) => m.seq > afterSeq).slice(0, pageSize);
        const lastSeq = stored.at(-1)?.seq ?? 0;
        return { messages, lastSeq, complete: (messages.at(-1)?.seq ?? afterSeq) >= lastSeq };
      },
      deliver: (m) => delivered.push(m.seq),
      recalled: (data) => recalled.push(data),
      error: (error) => {
        throw error;
      },
      gone: () => undefined,
      retryDelayMs: 0,
      concurrency: 2,
    },
    lastSeenSeqs,
  );
  return { sequencer, delivered, recalled, syncs };
}

describe('MessageSequencer', () => {
  it('delivers in-order pushes at once and drops duplicates without syncing', () => {
    const { sequencer, delivered, syncs } = harness([]);
    for (const seq of [1, 2, 2, 1, 3]) sequencer.onPush(message(seq));
    expect(delivered).toEqual([1, 2, 3]);
    expect(syncs).toEqual([]);
  });

  it('holds pushes beyond a gap, syncs the gap, then delivers everything in order', async () => {
    const stored = [1, 2, 3, 4, 5].map((seq) => message(seq));
    const { sequencer, delivered, syncs } = harness(stored);
    sequencer.onPush(message(1));
    sequencer.onPush(message(4));
    sequencer.onPush(message(5));
    expect(delivered).toEqual([1]);
    await sequencer.catchUp([]);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(syncs[0]).toBe(1);
  });

  it('moves past seqs the server no longer has (retention) after asking twice', async () => {
    const stored = [6, 7, 8].map((seq) => message(seq));
    const { sequencer, delivered, syncs } = harness(stored, {}, 10);
    await sequencer.catchUp([{ conversationId: CONV, lastSeq: 8 }]);
    expect(delivered).toEqual([6, 7, 8]);
    expect(syncs.slice(0, 2)).toEqual([0, 0]);
  });

  it('counts its own sent seq as seen, also beyond a gap, without delivering it', async () => {
    const stored = [message(1), message(2, { from: 'alice' }), message(3)];
    const { sequencer, delivered } = harness(stored);
    sequencer.onOwnSent(CONV, 2);
    sequencer.onPush(message(3));
    await sequencer.catchUp([]);
    expect(delivered).toEqual([1, 3]);
    expect(sequencer.lastSeenSeq(CONV)).toBe(3);
  });

  it('turns a held message recalled before delivery into a tombstone, and reports recalls of seen ones', async () => {
    const stored = [message(1), message(2), message(3, { body: [], recalled: true })];
    const { sequencer, delivered, recalled } = harness(stored);
    sequencer.onPush(message(1));
    sequencer.onRecalledPush({ conversationId: CONV, seq: 1, by: 'bob' });
    expect(recalled).toEqual([{ conversationId: CONV, seq: 1, by: 'bob' }]);

    sequencer.onPush(message(3, { body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] }));
    sequencer.onRecalledPush({ conversationId: CONV, seq: 3, by: 'bob' });
    await sequencer.catchUp([]);
    expect(delivered).toEqual([1, 2, 3]);
    expect(recalled).toEqual([{ conversationId: CONV, seq: 1, by: 'bob' }]);
  });

  it('resumes from lastSeenSeqs and syncs every known conversation after login', async () => {
    const stored = [1, 2, 3].map((seq) => message(seq));
    const { sequencer, delivered, syncs } = harness(stored, { [CONV]: 2 });
    await sequencer.catchUp([]);
    expect(syncs).toEqual([2]);
    expect(delivered).toEqual([3]);
    expect(sequencer.lastSeenSeqs()).toEqual({ [CONV]: 3 });
  });

  it('after login syncs a group only when the reply lists it with a lastSeq beyond what was seen', async () => {
    const GROUP = 'group:g1';
    const LEFT = 'group:g2';
    const syncs: string[] = [];
    const sequencer = new MessageSequencer(
      {
        sync: async (conversationId, afterSeq) => {
          syncs.push(`${conversationId}@${afterSeq}`);
          return { messages: [], lastSeq: afterSeq, complete: true };
        },
        deliver: () => {},
        recalled: () => {},
        error: (error) => {
          throw error;
        },
        gone: () => undefined,
        retryDelayMs: 0,
        concurrency: 2,
      },
      { [GROUP]: 4, [LEFT]: 7, [CONV]: 1 },
    );
    await sequencer.catchUp([{ conversationId: GROUP, lastSeq: 4 }]);
    expect(syncs).toEqual([`${CONV}@1`]);
  });

  it('delivers what it holds past the gaps when the conversation can no longer be read', async () => {
    const GROUP = 'group:g1';
    const delivered: number[] = [];
    const errors: unknown[] = [];
    const sequencer = new MessageSequencer(
      {
        sync: async () => {
          throw new Error('not a member');
        },
        deliver: (m) => delivered.push(m.seq),
        recalled: () => {},
        error: (error) => errors.push(error),
        gone: (conversationId) => (conversationId === GROUP ? 'left' : undefined),
        retryDelayMs: 0,
        concurrency: 2,
      },
      { [GROUP]: 2 },
    );
    sequencer.onPush(message(5, { conversationId: GROUP }));
    sequencer.onPush(message(7, { conversationId: GROUP }));
    await sequencer.catchUp([{ conversationId: GROUP, lastSeq: 7 }]);
    expect(delivered).toEqual([5, 7]);
    expect(errors).toEqual([]);
    expect(sequencer.lastSeenSeq(GROUP)).toBe(7);
  });

  it('at login syncs listed topics beyond what was seen and once each known topic of a listed community not listed', async () => {
    const ONE = 'group:c@TOPIC#_1';
    const TWO = 'group:c@TOPIC#_2';
    const GONE = 'group:c@TOPIC#_3';
    const ELSEWHERE = 'group:d@TOPIC#_1';
    const syncs: string[] = [];
    const delivered: string[] = [];
    const sequencer = new MessageSequencer(
      {
        sync: async (conversationId, afterSeq) => {
          syncs.push(`${conversationId}@${afterSeq}`);
          if (conversationId === GONE) throw new Error('no such topic');
          const next = afterSeq + 1;
          const messages = conversationId === ONE && next <= 6 ? [message(next, { conversationId })] : [];
          return { messages, lastSeq: conversationId === ONE ? 6 : afterSeq, complete: next >= 6 };
        },
        deliver: (m) => delivered.push(`${m.conversationId}@${m.seq}`),
        recalled: () => {},
        error: (error) => {
          throw error;
        },
        gone: (conversationId) => (conversationId === GONE ? 'deleted' : undefined),
        retryDelayMs: 0,
        concurrency: 2,
      },
      { [ONE]: 4, [TWO]: 3, [GONE]: 2, [ELSEWHERE]: 1 },
    );
    await sequencer.catchUp([
      { conversationId: 'group:c', lastSeq: 0 },
      { conversationId: ONE, lastSeq: 6 },
      { conversationId: TWO, lastSeq: 3 },
    ]);
    expect(syncs.sort()).toEqual([`${ONE}@4`, `${ONE}@5`, `${GONE}@2`].sort());
    expect(delivered).toEqual([`${ONE}@5`, `${ONE}@6`]);
    expect(sequencer.lastSeenSeqs()).toEqual({ [ONE]: 6, [TWO]: 3, [ELSEWHERE]: 1 });
  });

  it('forgets a conversation: it leaves lastSeenSeqs and starts again from seq 1', () => {
    const { sequencer, delivered } = harness([], { [CONV]: 3 });
    sequencer.forget(CONV);
    expect(sequencer.lastSeenSeqs()).toEqual({});
    sequencer.onPush(message(1));
    expect(delivered).toEqual([1]);
  });
});
