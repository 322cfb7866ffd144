import type { Collection } from 'mongodb';
import type { MessageSeqDocument } from './mongo-documents.ts';
import { isDuplicateKey } from './storage-errors.ts';

/** Raises a conversation's seq mark in `message_seqs` to `lastSeq` (never lowers it), creating it if needed. */
export async function raiseSeqMark(
  seqs: Collection<MessageSeqDocument>,
  sdkAppId: number,
  conversationId: string,
  lastSeq: number,
): Promise<void> {
  const filter = { sdkAppId, conversationId };
  try {
    await seqs.updateOne(filter, { $max: { lastSeq } }, { upsert: true });
  } catch (error) {
    // Two writers inserted the mark at once: the document exists now, so a plain update does it.
    if (!isDuplicateKey(error)) throw error;
    await seqs.updateOne(filter, { $max: { lastSeq } });
  }
}
