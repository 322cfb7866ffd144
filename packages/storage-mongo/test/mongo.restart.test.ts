import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { NewMessage } from '@parley/domain';
import { c2cConversationId } from '@parley/protocol';
import {
  connectMongo,
  createMongoConversationStore,
  createMongoMessageStore,
  ensureMongoIndexes,
  type MongoConnection,
  type MongoConversationStore,
  type MongoMessageStore,
} from '@parley/storage-mongo';
import { dropMongoDatabase, realServiceUrl } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Restarts the shared FerretDB: run alone, in the sequential `*.restart.test.ts` phase.
const url = realServiceUrl('mongo');
const script = fileURLToPath(new URL('../../../infra/local/ferretdb.sh', import.meta.url));
const conversationId = c2cConversationId('alice', 'bob');
const app = 1_400_000_001;

/** `start` waits until FerretDB answers a ping; every path through this file ends with it. */
function ferretdb(action: 'stop' | 'start' | 'restart'): void {
  execFileSync('bash', [script, action], { stdio: 'inherit', timeout: 180_000 });
}

function message(random: number): NewMessage {
  return {
    sdkAppId: app,
    conversationId,
    from: 'alice',
    to: 'bob',
    random,
    time: 1_700_000_000_000 + random,
    body: [],
  };
}

async function appendAndRecord(
  messages: MongoMessageStore,
  conversations: MongoConversationStore,
  random: number,
) {
  const stored = await messages.append(message(random));
  await conversations.recordMessage(stored);
  return stored;
}

describe.skipIf(!url)('MongoDB adapters across a FerretDB restart', () => {
  let connection: MongoConnection;
  let messages: MongoMessageStore;
  let conversations: MongoConversationStore;

  beforeAll(async () => {
    ferretdb('start');
    const dbName = `parley_test_${randomBytes(6).toString('hex')}`;
    connection = await connectMongo(url ?? '', { dbName, serverSelectionTimeoutMs: 2_000 });
    await ensureMongoIndexes(connection.db);
    messages = createMongoMessageStore({ db: connection.db });
    conversations = createMongoConversationStore({ db: connection.db });
  });
  afterAll(async () => {
    ferretdb('start');
    if (connection) await dropMongoDatabase(connection.db);
    await connection?.client.close();
  });

  it('fails fast with STORAGE_UNAVAILABLE while down, then the same instances work and nothing acknowledged is lost', {
    timeout: 240_000,
  }, async () => {
    for (const random of [1, 2, 3]) await appendAndRecord(messages, conversations, random);

    ferretdb('stop');
    try {
      const started = Date.now();
      const unavailable = { name: 'ParleyError', errorName: 'STORAGE_UNAVAILABLE' };
      await expect(messages.append(message(99))).rejects.toMatchObject(unavailable);
      await expect(messages.listAfter(app, conversationId, 0, 10, 0)).rejects.toMatchObject(unavailable);
      await expect(conversations.get(app, 'bob', conversationId)).rejects.toMatchObject(unavailable);
      // Each call gives up after serverSelectionTimeoutMs (2 s): bounded, not hanging.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      ferretdb('start');
    }

    const fourth = await appendAndRecord(messages, conversations, 4);
    expect(fourth.seq).toBe(4);
    const listed = await messages.listAfter(app, conversationId, 0, 10, 0);
    expect(listed.map((m) => [m.seq, m.random])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    expect(await conversations.get(app, 'bob', conversationId)).toMatchObject({ lastSeq: 4, unread: 4 });
  });

  it('recovers on its own after `ferretdb.sh restart`: the first calls after it succeed', {
    timeout: 240_000,
  }, async () => {
    const before = await messages.listAfter(app, conversationId, 0, 100, 0);
    ferretdb('restart');
    // No call saw the outage: the driver must notice on its own that its pooled connections died.
    const next = await appendAndRecord(messages, conversations, 5);
    expect(next.seq).toBe(before.length + 1);
    expect(await conversations.markRead(app, 'bob', conversationId, next.seq, 0)).toMatchObject({
      readSeq: next.seq,
    });
    const after = await messages.listAfter(app, conversationId, 0, 100, 0);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((m) => m.seq)).toEqual(Array.from({ length: before.length + 1 }, (_, i) => i + 1));
  });
});
