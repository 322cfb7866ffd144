import type { StoredMessage } from '../ports/message-store.ts';
import { messageBytes } from './message-size.ts';

/**
 * A sync or history page stops once its messages add up to this many bytes (at least one message), with
 * `complete: false`: no single read builds a multi-megabyte reply (500 messages of 12 KB would be 6 MB).
 */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** The longest head of `rows` within MAX_PAGE_BYTES (body and cloud custom data, as UTF-8), at least one row. */
export function withinPageBudget(rows: StoredMessage[]): StoredMessage[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as StoredMessage;
    bytes += messageBytes(row.body, row.cloudCustomData);
    if (bytes > MAX_PAGE_BYTES && i > 0) return rows.slice(0, i);
  }
  return rows;
}
