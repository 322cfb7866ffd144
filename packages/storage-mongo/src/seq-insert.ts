import { ParleyError } from '@parley/protocol';
import {
  type Collection,
  type Document,
  type Filter,
  ObjectId,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import { isBrokenConnection, isDuplicateKey } from './storage-errors.ts';

/** After a conflict the next seq is tried directly; the first and every few conflicts re-read to catch up. */
const CATCH_UP_EVERY = 8;
/** Upper bound of the random pause between two conflicts. */
const MAX_BACKOFF_MS = 32;

export interface SeqInsert<D extends { seq: number }> {
  /** The collection whose unique (sdkAppId, conversationId, seq) index decides who takes a seq. */
  collection: Collection<D>;
  /** A seq known to be taken (a hint or a fresh read; 0 for none): the first try is `last + 1`. */
  last: number;
  /** The conversation's last taken seq as stored now, to catch up after conflicts. */
  readLastSeq(): Promise<number>;
  /** The document to insert with `seq`. */
  build(seq: number): D;
  /** When to give up losing races with STORAGE_UNAVAILABLE (ms since the epoch). */
  deadline: number;
}

/**
 * Inserts the document with seq = last + 1; the unique index rejects a seq another node took first (E11000), and
 * the insert moves on to the next one. A seq is taken only by a successful insert, so there are never gaps.
 * Returns the inserted document.
 */
export async function insertAtNextSeq<D extends { seq: number }>({
  collection,
  last: known,
  readLastSeq,
  build,
  deadline,
}: SeqInsert<D>): Promise<D> {
  let last = known;
  for (let attempt = 1; ; attempt += 1) {
    const seq = last + 1;
    const document = build(seq);
    try {
      await insertOnce(collection, document);
      return document;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (Date.now() >= deadline) {
        throw new ParleyError('STORAGE_UNAVAILABLE', {
          detail: '(seq allocation kept conflicting)',
          cause: error,
        });
      }
      // `seq` is taken, so seq + 1 is the next candidate, with no read; a re-read catches up a stale start.
      last = attempt % CATCH_UP_EVERY === 1 ? Math.max(seq, await readLastSeq()) : seq;
      // The node that took `seq` hears back first, so it is first in line for the next seq too, and wins again
      // while it has queued appends: a short random pause spares the server inserts that would lose anyway.
      if (attempt > 1) await sleep(Math.random() * Math.min(2 ** attempt, MAX_BACKOFF_MS));
    }
  }
}

/**
 * One insert, sent again once if the connection broke under it (a pooled connection the server closed on a
 * restart, a lost reply). The retry carries the same `_id`, so a first insert that did land is recognised
 * rather than stored twice; an E11000 on another `_id` is a seq conflict as usual.
 */
async function insertOnce<D extends Document>(collection: Collection<D>, document: D): Promise<void> {
  const _id = new ObjectId();
  const withId = { _id, ...document } as OptionalUnlessRequiredId<D>;
  try {
    await collection.insertOne(withId);
  } catch (error) {
    if (!isBrokenConnection(error)) throw error;
    try {
      await collection.insertOne(withId);
    } catch (retryError) {
      if (isDuplicateKey(retryError) && (await collection.findOne({ _id } as Filter<D>))) return;
      throw retryError;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
