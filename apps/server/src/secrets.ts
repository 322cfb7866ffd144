import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateMasterKeyFile, parseMasterKey } from '@parley/secret-box';
import type { ServerConfig } from './server-config.ts';

/** The master key: PARLEY_MASTER_KEY, or on the embedded default a key file generated into the data dir (0600). */
export function resolveMasterKey(config: ServerConfig): Buffer {
  if (config.masterKey) return parseMasterKey(config.masterKey);
  return loadOrCreateMasterKeyFile(join(config.dataDir, 'master.key')).key;
}

/**
 * The operator token: PARLEY_OPERATOR_TOKEN, or on the embedded default one generated at first start into the
 * data dir (0600). `created` tells the caller to print it, once.
 */
export function resolveOperatorToken(config: ServerConfig): { token: string; created: boolean } {
  if (config.operatorToken) return { token: config.operatorToken, created: false };
  const path = join(config.dataDir, 'operator-token');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    const mode = statSync(path).mode & 0o077;
    if (mode !== 0) throw new Error(`${path} is readable by others; run chmod 600 on it`);
    return { token: readFileSync(path, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  return { token, created: true };
}
