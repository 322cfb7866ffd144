import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateMasterKeyFile, parseMasterKey } from '@parley/secret-box';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-secret-box-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateMasterKeyFile', () => {
  it('creates a missing file with a fresh random key, mode 0600, and no leftovers', () => {
    const path = join(dir, 'master.key');
    const { key, created } = loadOrCreateMasterKeyFile(path);
    expect(created).toBe(true);
    expect(key.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(path, 'utf8')).equals(key)).toBe(true);
    expect(readdirSync(dir)).toEqual(['master.key']);
  });

  it('creates missing parent directories', () => {
    const path = join(dir, 'data', 'keys', 'master.key');
    expect(loadOrCreateMasterKeyFile(path).created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reuses the existing file: same key, created false', () => {
    const path = join(dir, 'master.key');
    const first = loadOrCreateMasterKeyFile(path);
    const second = loadOrCreateMasterKeyFile(path);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('two generations in two directories give two different keys', () => {
    const a = loadOrCreateMasterKeyFile(join(dir, 'a.key')).key;
    const b = loadOrCreateMasterKeyFile(join(dir, 'b.key')).key;
    expect(a.equals(b)).toBe(false);
  });

  it('reads an operator-written file in base64 with a trailing newline', () => {
    const key = Buffer.alloc(32, 0x5a);
    const path = join(dir, 'master.key');
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
    expect(loadOrCreateMasterKeyFile(path)).toEqual({ key, created: false });
  });

  for (const mode of [0o644, 0o640, 0o604, 0o620]) {
    it(`refuses an existing file with mode 0${mode.toString(8)}, saying how to fix it`, () => {
      const path = join(dir, 'master.key');
      writeFileSync(path, Buffer.alloc(32, 1).toString('hex'));
      chmodSync(path, mode);
      expect(() => loadOrCreateMasterKeyFile(path)).toThrow(/group or others.*chmod 600/);
      // The refused file is left exactly as it was.
      expect(statSync(path).mode & 0o777).toBe(mode);
    });
  }

  it('refuses a 0600 file with a bad key, naming the path but not the content', () => {
    const path = join(dir, 'master.key');
    writeFileSync(path, 'not-a-key-but-maybe-a-secret', { mode: 0o600 });
    let message = '';
    try {
      loadOrCreateMasterKeyFile(path);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain(path);
    expect(message).toMatch(/Invalid master key/);
    expect(message).not.toContain('not-a-key-but-maybe-a-secret');
  });

  it('refuses an empty existing file instead of overwriting it', () => {
    const path = join(dir, 'master.key');
    writeFileSync(path, '', { mode: 0o600 });
    expect(() => loadOrCreateMasterKeyFile(path)).toThrow(/Invalid master key/);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('refuses a directory at the key path', () => {
    const path = join(dir, 'master.key');
    mkdirSync(path, { mode: 0o700 });
    expect(() => loadOrCreateMasterKeyFile(path)).toThrow(/not a regular file/);
  });
});
