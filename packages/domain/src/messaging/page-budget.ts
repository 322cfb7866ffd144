import type { MessageStore, StoredMessage } from '../ports/message-store.ts';
import { messageBytes } from './message-size.ts';

/**
 * A sync or history page stops once its messages add up to this many bytes (at least one message), with
 * `complete: false`: no single read builds a multi-megabyte reply (500 messages of 12 KB would be 6 MB).
 */
export const MAX_PAGE_BYTES = 1024 * 1024;

/**
 * Rows fetched from the store per call while a page is built: a page of 500 large messages is read in slices,
 * so a read holds at most the page budget plus one slice, never the whole 500 rows.
 */
export const READ_SLICE_ROWS = 50;

/** A page of messages and whether nothing more lies in its direction. */
export interface MessagePage {
  rows: StoredMessage[];
  complete: boolean;
}

export interface PageRequest {
  sdkAppId: number;
  conversationId: string;
  limit: number;
  notBefore: number;
  /** Rows at or below this seq are not part of the page (history: members without pre-join history). */
  floor?: number;
}

/** Messages after `afterSeq`, ascending, at most `limit` and within MAX_PAGE_BYTES (at least one). */
export async function readAfter(
  store: MessageStore,
  request: PageRequest,
  afterSeq: number,
): Promise<MessagePage> {
  const { sdkAppId, conversationId, limit, notBefore } = request;
  return collect(limit, (cursor, n) =>
    store.listAfter(sdkAppId, conversationId, cursor ?? afterSeq, n, notBefore),
  );
}

/** Messages before `beforeSeq` (newest first), above the request's floor, at most `limit`, within the budget. */
export async function readBefore(
  store: MessageStore,
  request: PageRequest,
  beforeSeq: number | undefined,
): Promise<MessagePage> {
  const { sdkAppId, conversationId, limit, notBefore, floor = 0 } = request;
  return collect(limit, async (cursor, n) => {
    const rows = await store.listBefore(sdkAppId, conversationId, cursor ?? beforeSeq, n, notBefore);
    const above = rows.filter((row) => row.seq > floor);
    // Rows at the floor end the history as if the store had none left.
    return above.length < rows.length ? { rows: above, exhausted: true } : above;
  });
}

type Slice = StoredMessage[] | { rows: StoredMessage[]; exhausted: true };

async function collect(
  limit: number,
  fetch: (cursor: number | undefined, n: number) => Promise<Slice>,
): Promise<MessagePage> {
  const rows: StoredMessage[] = [];
  let bytes = 0;
  let cursor: number | undefined;
  for (;;) {
    // One row more than the page still needs: it tells whether the page is complete.
    const want = Math.min(READ_SLICE_ROWS, limit - rows.length + 1);
    const slice = await fetch(cursor, want);
    const got = Array.isArray(slice) ? slice : slice.rows;
    const exhausted = !Array.isArray(slice) || got.length < want;
    for (const row of got) {
      if (rows.length === limit) return { rows, complete: false };
      bytes += messageBytes(row.body, row.cloudCustomData);
      if (bytes > MAX_PAGE_BYTES && rows.length > 0) return { rows, complete: false };
      rows.push(row);
    }
    if (exhausted) return { rows, complete: true };
    cursor = got.at(-1)?.seq;
  }
}
