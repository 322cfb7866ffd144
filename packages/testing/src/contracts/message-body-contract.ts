import { msgKeyOf, type NewMessage } from '@parley/domain';
import { c2cConversationId } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tencentBodyWithExtras } from '../tencent-body-fixture.ts';
import { freshAppId } from './fresh-app-id.ts';
import type { MessageStoreContext } from './message-store-contract.ts';

const T0 = 1_700_000_000_000;
const ab = c2cConversationId('alice', 'bob');

/**
 * A MessageStore keeps a body exactly as it was sent: every field (Tencent's and unknown ones), in its order,
 * through every read, for another node too. Compared as JSON text, so a reordered or dropped key fails.
 */
export function describeMessageBodyContract(
  adapterName: string,
  factory: () => Promise<MessageStoreContext>,
): void {
  describe(`MessageStore contract: ${adapterName} keeps bodies byte for byte`, () => {
    let ctx: MessageStoreContext;
    let app: number;

    beforeEach(async () => {
      ctx = await factory();
      app = freshAppId();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('returns the body with every field, in order, from get, listAfter, listBefore and another store', async () => {
      const body = tencentBodyWithExtras();
      const sent = JSON.stringify(body);
      const input: NewMessage = {
        sdkAppId: app,
        conversationId: ab,
        from: 'alice',
        to: 'bob',
        random: 7,
        time: T0,
        body,
        cloudCustomData: '{"b":1,"a":2}',
      };
      const stored = await ctx.store.append(input);
      expect(stored.msgKey).toBe(msgKeyOf(1, 7, T0));
      const reopened = await ctx.reopen();
      const reads = [
        stored,
        await ctx.store.get(app, ab, 1),
        (await ctx.store.listAfter(app, ab, 0, 10, 0))[0],
        (await ctx.store.listBefore(app, ab, undefined, 10, 0))[0],
        await reopened.get(app, ab, 1),
        await ctx.store.findByRandom(app, 'alice', 'bob', 7, 0),
      ];
      for (const read of reads) {
        expect(JSON.stringify(read?.body)).toBe(sent);
        expect(read?.cloudCustomData).toBe('{"b":1,"a":2}');
      }
    });
  });
}
