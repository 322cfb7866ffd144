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

describe('the embedded message log', () => {
  it('rolls the message back when its entries cannot be written', async () => {
    const db = openEmbeddedDatabase(':memory:');
    const stores = createEmbeddedStores({ db });
    db.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON conversations WHEN NEW.owner = 'bob'
       BEGIN SELECT RAISE(ABORT, 'refused'); END`,
    );
    await expect(stores.log.append(newMessage(1))).rejects.toThrow('refused');
    expect(await stores.messages.get(APP, 'c2c:alice:bob', 1)).toBeUndefined();
    expect(await stores.conversations.get(APP, 'alice', 'c2c:alice:bob')).toBeUndefined();
    db.exec('DROP TRIGGER refuse');
    expect((await stores.log.append(newMessage(2))).seq).toBe(1);
    db.close();
  });

  it('keeps the message untouched when the recall cannot update the entries', async () => {
    const db = openEmbeddedDatabase(':memory:');
    const stores = createEmbeddedStores({ db });
    const stored = await stores.log.append(newMessage(1));
    db.exec(
      `CREATE TRIGGER refuse BEFORE UPDATE OF last_message ON conversations
       BEGIN SELECT RAISE(ABORT, 'refused'); END`,
    );
    await expect(
      stores.log.recall(APP, stored.conversationId, stored.seq, stored.time + 1),
    ).rejects.toThrow();
    expect(await stores.messages.get(APP, stored.conversationId, 1)).toEqual(stored);
    db.close();
  });
});
