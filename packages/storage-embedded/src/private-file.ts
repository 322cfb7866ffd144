import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates the file (and its directory) readable by the owner only, 0600 in a 0700 directory, unless it exists.
 * SQLite gives its `-wal` and `-shm` files the mode of the database file, so creating that one first is enough
 * for all three: they hold message bodies and accounts, whatever the process umask.
 */
export function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}
