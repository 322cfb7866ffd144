import type { CallbackQueue, NewQueuedCallback } from '@parley/callbacks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

export interface QueueFixture {
  queue: CallbackQueue;
  /** A second queue on the same storage: another process or node. */
  peer: CallbackQueue;
  cleanup(): Promise<void>;
}

const LEASE = 30_000;

/** The CallbackQueue contract, written once and run against every adapter. */
export function describeCallbackQueueContract(name: string, makeFixture: () => Promise<QueueFixture>): void {
  describe(`CallbackQueue contract: ${name}`, () => {
    let fixture: QueueFixture;
    let queue: CallbackQueue;
    let sdkAppId: number;
    const t0 = 1_700_000_000_000;

    function event(createdAt: number, text = 'hello'): NewQueuedCallback {
      return {
        sdkAppId,
        command: 'C2C.CallbackAfterSendMsg',
        clientIp: '2001:db8::1',
        optPlatform: 'Android',
        body: {
          CallbackCommand: 'C2C.CallbackAfterSendMsg',
          MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
        },
        createdAt,
      };
    }

    beforeEach(async () => {
      fixture = await makeFixture();
      queue = fixture.queue;
      sdkAppId = freshAppId();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('gives back what was queued, once due, with no attempts yet', async () => {
      await queue.enqueue(event(t0, 'héllo 😀 \u0000 "quotes"'));

      expect(await queue.claimDue(t0 - 1, 10, LEASE)).toEqual([]);
      const [claimed, ...rest] = await queue.claimDue(t0, 10, LEASE);

      expect(rest).toEqual([]);
      expect(claimed).toMatchObject({ ...event(t0, 'héllo 😀 \u0000 "quotes"'), attempts: 0 });
      expect(claimed?.id).toBeGreaterThan(0);
      expect(claimed?.claimToken).not.toBe('');
    });

    it('claims the oldest due first, at most `limit`', async () => {
      for (let i = 0; i < 5; i++) await queue.enqueue(event(t0 + i, `m${i}`));

      const first = await queue.claimDue(t0 + 10, 3, LEASE);
      const second = await queue.claimDue(t0 + 10, 3, LEASE);

      expect(first.map((c) => c.createdAt)).toEqual([t0, t0 + 1, t0 + 2]);
      expect(second.map((c) => c.createdAt)).toEqual([t0 + 3, t0 + 4]);
    });

    it('hides a claimed event until its lease ends, then hands it out again; the stale claim is ignored', async () => {
      await queue.enqueue(event(t0));
      const [first] = await queue.claimDue(t0, 10, LEASE);
      if (!first) throw new Error('nothing claimed');

      expect(await queue.claimDue(t0 + LEASE - 1, 10, LEASE)).toEqual([]);
      const [again] = await queue.claimDue(t0 + LEASE, 10, LEASE);
      expect(again?.id).toBe(first.id);

      await queue.complete(first);
      expect(await queue.count(sdkAppId)).toEqual({ pending: 1, dead: 0 });
      if (!again) throw new Error('nothing claimed');
      await queue.complete(again);
      expect(await queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
    });

    it('reschedules with the attempt count and the last error', async () => {
      await queue.enqueue(event(t0));
      const [claimed] = await queue.claimDue(t0, 10, LEASE);
      if (!claimed) throw new Error('nothing claimed');

      await queue.reschedule(claimed, t0 + 5_000, 1, 'failed: HTTP 500');

      expect(await queue.claimDue(t0 + 4_999, 10, LEASE)).toEqual([]);
      const [retry] = await queue.claimDue(t0 + 5_000, 10, LEASE);
      expect(retry).toMatchObject({ id: claimed.id, attempts: 1 });
    });

    it('counts every app’s events by state: pending, retrying (failed at least once), dead', async () => {
      for (let i = 0; i < 3; i += 1) await queue.enqueue(event(t0 + i));
      const [first, second] = await queue.claimDue(t0 + 10, 2, LEASE);
      if (!first || !second) throw new Error('nothing claimed');
      await queue.reschedule(first, t0 + 5_000, 1, 'failed: HTTP 500');
      await queue.deadLetter(second, 3, 'failed: HTTP 500', t0 + 20);

      expect(await queue.countByState()).toEqual({ pending: 1, retrying: 1, dead: 1 });
    });

    it('keeps dead letters apart, lists them newest first by page, and replays one', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) await queue.enqueue(event(t0 + i, `d${i}`));
      for (const claimed of await queue.claimDue(t0 + 10, 10, LEASE)) {
        await queue.deadLetter(claimed, 3, `failed: attempt ${claimed.createdAt - t0}`, t0 + 100);
        ids.push(claimed.id);
      }

      expect(await queue.claimDue(t0 + 1_000_000, 10, LEASE)).toEqual([]);
      expect(await queue.count(sdkAppId)).toEqual({ pending: 0, dead: 3 });
      const page = await queue.listDeadLetters(sdkAppId, { limit: 2 });
      expect(page.map((letter) => letter.id)).toEqual([ids[2], ids[1]]);
      expect(page[0]).toMatchObject({
        attempts: 3,
        lastError: 'failed: attempt 2',
        deadAt: t0 + 100,
        ...event(t0 + 2, 'd2'),
      });
      const next = await queue.listDeadLetters(sdkAppId, { limit: 2, beforeId: page[1]?.id ?? 0 });
      expect(next.map((letter) => letter.id)).toEqual([ids[0]]);
      expect(await queue.listDeadLetters(freshAppId(), { limit: 10 })).toEqual([]);

      const id = ids[1] ?? 0;
      expect(await queue.replay(freshAppId(), id, t0 + 200)).toBe(false);
      expect(await queue.replay(sdkAppId, id, t0 + 200)).toBe(true);
      expect(await queue.replay(sdkAppId, id, t0 + 200)).toBe(false);
      const [replayed] = await queue.claimDue(t0 + 200, 10, LEASE);
      expect(replayed).toMatchObject({ id, attempts: 0 });
      expect(await queue.count(sdkAppId)).toEqual({ pending: 1, dead: 2 });
    });

    it('gives each event to one claimer when two claim at once', async () => {
      for (let i = 0; i < 20; i++) await queue.enqueue(event(t0 + i));

      const [mine, theirs] = await Promise.all([
        queue.claimDue(t0 + 100, 15, LEASE),
        fixture.peer.claimDue(t0 + 100, 15, LEASE),
      ]);

      const ids = [...mine, ...theirs].map((claimed) => claimed.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(20);
    });

    it('deletes everything of an app, and only of that app', async () => {
      const otherAppId = freshAppId();
      await queue.enqueue(event(t0));
      await queue.enqueue(event(t0 + 1));
      await queue.enqueue({ ...event(t0), sdkAppId: otherAppId });

      expect(await queue.deleteApp(sdkAppId)).toBe(2);
      expect(await queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
      expect(await queue.count(otherAppId)).toEqual({ pending: 1, dead: 0 });
      await queue.deleteApp(otherAppId);
    });
  });
}
