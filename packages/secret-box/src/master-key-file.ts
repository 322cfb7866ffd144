import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { parseMasterKey } from './master-key.ts';

export interface MasterKeyFile {
  key: Buffer;
  /** True when this call generated the key (first start): the operator should back the file up. */
  created: boolean;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Reads an existing key file, refusing one that anybody but its owner may read or write. */
function readKeyFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // fstat on the open descriptor: the file checked is the file read.
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`Master key file ${path} is not a regular file.`);
    const mode = stat.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new Error(
        `Refusing master key file ${path}: its mode is 0${mode.toString(8)}, so group or others may access it. ` +
          `Run: chmod 600 ${path}`,
      );
    }
    const text = readFileSync(fd, 'utf8');
    try {
      return parseMasterKey(text);
    } catch (error) {
      throw new Error(`Master key file ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a fresh key to a private temporary file, then links it into place. link() never replaces
 * an existing file, so the key file appears complete or not at all, and two processes starting at
 * once end up with one key (the loser reads the winner's).
 */
function createKeyFile(path: string): Buffer | undefined {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return key;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return undefined;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Loads the master key from `path` (64 hex characters, base64 or base64url), or creates the file with
 * a new random key and mode 0600 when it does not exist. Losing this file makes every sealed secret
 * unreadable.
 */
export function loadOrCreateMasterKeyFile(path: string): MasterKeyFile {
  const existing = readKeyFile(path);
  if (existing) return { key: existing, created: false };
  const created = createKeyFile(path);
  if (created) return { key: created, created: true };
  // Another process created it between our read and our link: use theirs.
  const raced = readKeyFile(path);
  if (raced) return { key: raced, created: false };
  throw new Error(`Master key file ${path} vanished while it was being created.`);
}
