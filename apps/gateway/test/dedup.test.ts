import { readFileSync } from 'node:fs';
import { nextRandom, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

/** docs/protocol.md with its line breaks folded, so a sentence is found wherever it wraps. */
const protocolDoc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8').replace(
  /\s+/g,
  ' ',
);

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('send dedup: the key is sender, recipient and random', () => {
  it('a resend with the same random within 5 minutes gets the same reply and is stored and pushed once', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const frame = { to: 'bob', random: nextRandom(), body: text('once') };
    const first = await alice.ok('send', frame);
    const second = await alice.ok('send', frame);
    expect(second).toEqual(first);
    const history = await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(history.messages).toHaveLength(1);
    await bob.barrier();
    expect(bob.pushesNamed('message')).toHaveLength(1);
  });

  it('the same random to two recipients stores and pushes two messages, each deduplicated on its own', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const carol = await app.login('carol');
    const random = nextRandom();
    const toBob = await alice.ok('send', { to: 'bob', random, body: text('for bob') });
    const toCarol = await alice.ok('send', { to: 'carol', random, body: text('for carol') });

    expect([toBob.conversationId, toBob.seq]).toEqual(['c2c:alice:bob', 1]);
    expect([toCarol.conversationId, toCarol.seq]).toEqual(['c2c:alice:carol', 1]);
    for (const [reply, value] of [
      [toBob, 'for bob'],
      [toCarol, 'for carol'],
    ] as const) {
      const history = await alice.ok('history', { conversationId: reply.conversationId });
      expect(history.messages.map((m) => [m.seq, m.random, m.body])).toEqual([[1, random, text(value)]]);
    }
    expect((await bob.nextPush('message')).body).toEqual(text('for bob'));
    expect((await carol.nextPush('message')).body).toEqual(text('for carol'));

    // Each recipient's send is still deduplicated: a retry returns its own first reply.
    expect(await alice.ok('send', { to: 'bob', random, body: text('for bob') })).toEqual(toBob);
    expect(await alice.ok('send', { to: 'carol', random, body: text('for carol') })).toEqual(toCarol);
  });

  it('docs/protocol.md states the same key', () => {
    const rule = /4\. Dedup: .*? 5\. /.exec(protocolDoc)?.[0];
    expect(rule).toContain('The dedup key is the sender, the recipient and the `random`');
  });
});
