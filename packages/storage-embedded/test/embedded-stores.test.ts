import { describe, expect, it } from 'vitest';
import { createEmbeddedStores, openEmbeddedDatabase } from '../src/index.ts';

const APP = 1400000001;
const newMessage = (random: number) => ({
  sdkAppId: APP,
  conversationId: 'c2c:alice:bob',
  from: 'alice',
  to: 'bob',
  random,
  time: 1_700_000_000_000 + random,
  body: [{ MsgType: 'TIMTextElem' as const, MsgContent: { Text: `m${random}` } }],
});

describe('embedded stores wired together', () => {
  it("write a message and both conversation entries in the append's own transaction", async () => {
    const db = openEmbeddedDatabase(':memory:');
    const stores = createEmbeddedStores({ db });
    const stored = await stores.messages.append(newMessage(1));
    // No recordMessage() yet: the entries were written with the message.
    const [alice, bob] = await Promise.all([
      stores.conversations.get(APP, 'alice', stored.conversationId),
      stores.conversations.get(APP, 'bob', stored.conversationId),
    ]);
    expect(alice).toMatchObject({ peer: 'bob', lastSeq: 1, unread: 0, lastMessage: stored });
    expect(bob).toMatchObject({ peer: 'alice', lastSeq: 1, unread: 1, lastMessage: stored });

    // The messaging service's recordMessage() of that very message changes nothing (no second unread).
    await stores.conversations.recordMessage(stored);
    expect((await stores.conversations.get(APP, 'bob', stored.conversationId))?.unread).toBe(1);

    // Any other object (a replay read back from the store) is recorded as usual: idempotent for the same seq.
    await stores.conversations.recordMessage({ ...stored });
    expect((await stores.conversations.get(APP, 'bob', stored.conversationId))?.unread).toBe(1);
    const second = await stores.messages.append(newMessage(2));
    await stores.conversations.recordMessage(second);
    expect(await stores.conversations.get(APP, 'bob', stored.conversationId)).toMatchObject({
      lastSeq: 2,
      unread: 2,
      lastMessage: second,
    });
    db.close();
  });

  it('roll the message back when its entries cannot be written', async () => {
    const db = openEmbeddedDatabase(':memory:');
    const stores = createEmbeddedStores({ db });
    db.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON conversations WHEN NEW.owner = 'bob'
       BEGIN SELECT RAISE(ABORT, 'refused'); END`,
    );
    await expect(stores.messages.append(newMessage(1))).rejects.toThrow('refused');
    expect(await stores.messages.get(APP, 'c2c:alice:bob', 1)).toBeUndefined();
    expect(await stores.conversations.get(APP, 'alice', 'c2c:alice:bob')).toBeUndefined();
    db.exec('DROP TRIGGER refuse');
    expect((await stores.messages.append(newMessage(2))).seq).toBe(1);
    db.close();
  });
});
