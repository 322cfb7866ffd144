import type { ConversationSummary, WireElement } from '@parley/protocol';
import { mongoCollections } from '@parley/storage-mongo';
import type { TestSocket } from '@parley/testing/kit';
import type { Db } from 'mongodb';

/** What the checks compare of a message, whoever shows it (storage, sync, history, a push, an acknowledgement). */
export interface MessageView {
  seq: number;
  msgKey: string;
  from: string;
  random: number;
  text: string | undefined;
}

/** The summary fields that must equal storage. */
export interface SummaryView {
  lastSeq: number;
  readSeq: number;
  unread: number;
  lastMessage: MessageView | null;
}

export function messageView(message: {
  seq: number;
  msgKey: string;
  from: string;
  random: number;
  body: WireElement[];
}): MessageView {
  const first = message.body[0];
  return {
    seq: message.seq,
    msgKey: message.msgKey,
    from: message.from,
    random: message.random,
    text: first?.MsgType === 'TIMTextElem' ? first.MsgContent.Text : undefined,
  };
}

export function summaryView(summary: Pick<ConversationSummary, keyof SummaryView>): SummaryView {
  return {
    lastSeq: summary.lastSeq,
    readSeq: summary.readSeq,
    unread: summary.unread,
    lastMessage: summary.lastMessage ? messageView(summary.lastMessage) : null,
  };
}

/** A conversation's messages as stored in the Mongo `messages` collection, by seq (read with the driver). */
export async function storedMessages(
  db: Db,
  sdkAppId: number,
  conversationId: string,
): Promise<MessageView[]> {
  const documents = await db
    .collection(mongoCollections.messages)
    .find({ sdkAppId, conversationId, seqOnly: { $exists: false } })
    .sort({ seq: 1 })
    .toArray();
  return documents.map((document) => messageView(document as unknown as Parameters<typeof messageView>[0]));
}

/** A user's conversation entry as stored in the Mongo `conversations` collection, with its missing seqs. */
export async function storedSummary(
  db: Db,
  sdkAppId: number,
  owner: string,
  conversationId: string,
): Promise<(SummaryView & { missingSeqs: number[] }) | undefined> {
  const document = await db
    .collection(mongoCollections.conversations)
    .findOne({ sdkAppId, owner, conversationId });
  if (!document) return undefined;
  const entry = document as unknown as ConversationSummary & { missingSeqs?: number[] };
  return { ...summaryView(entry), missingSeqs: entry.missingSeqs ?? [] };
}

/** The whole conversation read backwards with `history`, `limit` at a time, in seq order. */
export async function pagedHistory(
  socket: TestSocket,
  conversationId: string,
  limit: number,
): Promise<MessageView[]> {
  const pages: MessageView[] = [];
  let beforeSeq: number | undefined;
  for (let page = 0; page < 1_000; page += 1) {
    const result = await socket.ok('history', {
      conversationId,
      limit,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
    });
    pages.push(...result.messages.map(messageView));
    const oldest = result.messages.at(-1);
    if (result.complete || !oldest) return pages.sort((a, b) => a.seq - b.seq);
    beforeSeq = oldest.seq;
  }
  throw new Error(`history of ${conversationId} did not complete in 1000 pages`);
}
