import type { ConversationStore, GroupMessageLog, MessageLog, MessageStore } from '@parley/domain';
import { connectMongo } from './connect-mongo.ts';
import { createMongoConversationStore } from './mongo-conversation-store.ts';
import { createMongoGroupMessageLog } from './mongo-group-message-log.ts';
import { ensureMongoIndexes } from './mongo-indexes.ts';
import { createMongoMessageLog } from './mongo-message-log.ts';
import { createMongoMessageStore } from './mongo-message-store.ts';

/** What Parley keeps in MongoDB: messages and conversation entries, and the logs that write them. */
export interface OpenedMongo {
  log: MessageLog;
  /** Group messages, in the same collection as one-to-one messages (read through `messages`). */
  groupLog: GroupMessageLog;
  messages: MessageStore;
  conversations: ConversationStore;
  /** False where the server has no TTL indexes (FerretDB): history then expires by the sweeper alone. */
  historyTtl: boolean;
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Connects to `url` and ensures the indexes. */
export async function openMongo({ url }: { url: string }): Promise<OpenedMongo> {
  const { client, db } = await connectMongo(url);
  try {
    const { historyTtl } = await ensureMongoIndexes(db);
    const messages = createMongoMessageStore({ db, historyTtl });
    const conversations = createMongoConversationStore({ db });
    return {
      log: createMongoMessageLog({ messages, conversations }),
      groupLog: createMongoGroupMessageLog({ db, messages, historyTtl }),
      messages,
      conversations,
      historyTtl,
      ready: async () => void (await db.command({ ping: 1 })),
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}
