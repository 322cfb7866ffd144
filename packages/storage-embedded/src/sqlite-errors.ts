import { ParleyError } from '@parley/protocol';

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|NOMEM|CORRUPT)/;

/** Runs a storage call, turning SQLite's I/O-level failures into STORAGE_UNAVAILABLE (programming errors pass). */
export function sqliteCall<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE.test(code)) {
      return Promise.reject(new ParleyError('STORAGE_UNAVAILABLE', { cause: error }));
    }
    return Promise.reject(error);
  }
}
