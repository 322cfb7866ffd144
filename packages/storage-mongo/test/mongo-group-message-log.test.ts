import type { GroupMessageLog, NewMessage } from '@parley/domain';
import {
  createMongoGroupMessageLog,
  createMongoMessageStore,
  type MongoMessageStore,
  mongoCollections,
  SEQ_ONLY_KEEP,
  SEQ_ONLY_PRUNE_AGE_MS,
  SEQ_ONLY_PRUNE_EVERY,
} from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';

const url = realServiceUrl('mongo');
const G = 'group:@TGS#1AAAA';
const T0 = 1_700_000_000_000;

function groupMessage(sdkAppId: number, random: number, time = T0): NewMessage {
  return { sdkAppId, conversationId: G, from: 'alice', to: '@TGS#1AAAA', random, time, body: [] };
}

/** A node: its own client, message store and group log, on a clock the test moves. */
interface Node {
  db: Db;
  messages: MongoMessageStore;
  log: GroupMessageLog;
}

describe.skipIf(!url)('MongoGroupMessageLog (adapter specifics)', () => {
  let fresh: FreshMongoDb;
  let clock = T0;
  const now = () => clock;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? '');
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  async function node(historyTtl = false): Promise<Node> {
    const { db } = await fresh.connectAgain();
    const messages = createMongoMessageStore({ db, historyTtl });
    return { db, messages, log: createMongoGroupMessageLog({ db, messages, historyTtl, now }) };
  }

  function documentsOf(db: Db, sdkAppId: number) {
    return db.collection(mongoCollections.messages).find({ sdkAppId }).sort({ seq: 1 }).toArray();
  }

  it('prunes seq-only documents both old and far below the newest, keeping the sequence', {
    timeout: 120_000,
  }, async () => {
    const { db, log } = await node();
    const young = SEQ_ONLY_KEEP + SEQ_ONLY_PRUNE_EVERY;
    clock = T0;
    for (let i = 1; i <= young; i += 1) await log.allocateSeq(1, G);
    // Prunes ran at every 64th seq: nothing was old enough yet.
    expect(await documentsOf(db, 1)).toHaveLength(young);
    clock = T0 + SEQ_ONLY_PRUNE_AGE_MS + 1;
    for (let i = 1; i <= SEQ_ONLY_PRUNE_EVERY; i += 1) await log.allocateSeq(1, G);
    const last = young + SEQ_ONLY_PRUNE_EVERY;
    // Old enough: the first `young` documents; pruned: those more than SEQ_ONLY_KEEP below the seq just taken.
    const left = (await documentsOf(db, 1)).map((document) => document.seq);
    expect(left).toEqual(Array.from({ length: SEQ_ONLY_KEEP + 1 }, (_, i) => last - SEQ_ONLY_KEEP + i));
    const other = await node();
    expect(await other.log.lastSeqs(1, [G])).toEqual([last]);
    expect(await other.log.allocateSeq(1, G)).toBe(last + 1);
    expect((await other.log.append(groupMessage(1, 1))).seq).toBe(last + 2);
  });

  it('retention deletes seq-only documents without counting them, and the sequence goes on', async () => {
    const { db, messages, log } = await node();
    clock = T0;
    await log.allocateSeq(2, G);
    await log.append(groupMessage(2, 1));
    await log.allocateSeq(2, G);
    expect(await messages.countFromAfter(2, G, 'alice', 0)).toBe(1);
    expect(await messages.deleteOlderThan(2, T0 + 1)).toBe(1);
    expect(await documentsOf(db, 2)).toEqual([]);
    expect(await (await node()).log.allocateSeq(2, G)).toBe(4);
  });

  it("the app purge deletes the app's group messages, seq-only documents and marks, counting messages", async () => {
    const { db, messages, log } = await node();
    clock = T0;
    await log.append(groupMessage(3, 1));
    await log.allocateSeq(3, G);
    await log.append(groupMessage(3, 2));
    expect(await messages.deleteApp(3)).toBe(2);
    expect(await documentsOf(db, 3)).toEqual([]);
    expect(await db.collection(mongoCollections.messageSeqs).countDocuments({ sdkAppId: 3 })).toBe(0);
    expect(await (await node()).log.lastSeqs(3, [G])).toEqual([0]);
  });

  it('with a TTL index, marks every seq taken, so a group whose documents all expired goes on', async () => {
    const { db, log } = await node(true);
    const stored = await log.append(groupMessage(4, 1), { expireAt: Date.UTC(2030, 0, 1) });
    await log.allocateSeq(4, G);
    await log.append(groupMessage(4, 2));
    const [document] = await documentsOf(db, 4);
    expect(document?.expireAt).toEqual(new Date(Date.UTC(2030, 0, 1)));
    expect(stored).not.toHaveProperty('expireAt');
    // What a TTL index does: the documents vanish, the log is not told.
    await db.collection(mongoCollections.messages).deleteMany({ sdkAppId: 4 });
    const other = await node(true);
    expect(await other.log.lastSeqs(4, [G])).toEqual([3]);
    expect((await other.log.append(groupMessage(4, 3))).seq).toBe(4);
  });

  it("another node's hint expires, so a group disbanded and created again there starts at seq 1", async () => {
    const first = await node();
    const second = await node();
    clock = T0;
    for (let i = 1; i <= 3; i += 1) await first.log.append(groupMessage(5, i));
    await second.log.deleteConversation(5, G);
    clock = T0 + 2_000;
    expect((await first.log.append(groupMessage(5, 4))).seq).toBe(1);
  });
});
