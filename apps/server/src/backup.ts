import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

/**
 * `npm run backup -- --to FILE [--data-dir DIR] [--with-key]`: an online, consistent copy of the embedded
 * default's SQLite file, taken from this separate process while Parley serves.
 *
 * `VACUUM INTO` reads the whole database inside one read transaction: in WAL mode that is a snapshot of every
 * transaction committed before it began (every acknowledged message), and Parley's writers are not blocked.
 * The copy is written beside FILE, checked (`PRAGMA quick_check`) and renamed into place, so FILE is either a
 * whole backup or absent.
 *
 * The master key is not in FILE (it would protect nothing next to the data it seals): keep `master.key` or
 * PARLEY_MASTER_KEY in a secret store. `--with-key` copies `master.key` to FILE.master.key (0600) for small
 * single-machine installs. docs/operations.md, "Backup and restore".
 */
const usage = 'usage: npm run backup -- --to FILE [--data-dir DIR] [--with-key]';
const { values } = parseArgs({
  options: {
    to: { type: 'string' },
    'data-dir': { type: 'string' },
    'with-key': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.to) {
  process.stderr.write(`${usage}\n`);
  process.exit(values.help ? 0 : 2);
}
const target = resolve(values.to);
const dataDir = resolve(values['data-dir'] ?? process.env.PARLEY_DATA_DIR ?? './data');
const source = join(dataDir, 'parley.db');
if (!existsSync(source)) {
  process.stderr.write(`no embedded database at ${source} (set --data-dir or PARLEY_DATA_DIR)\n`);
  process.exit(2);
}
if (existsSync(target)) {
  process.stderr.write(`${target} exists: choose a new file name\n`);
  process.exit(2);
}

const partial = `${target}.partial-${process.pid}`;
const started = Date.now();
try {
  // A second connection to the live file: WAL lets it read while Parley writes.
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(partial);
  } finally {
    db.close();
  }
  const copy = new Database(partial, { readonly: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  chmodSync(partial, 0o600);
  renameSync(partial, target);
} catch (error) {
  rmSync(partial, { force: true });
  process.stderr.write(`backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const bytes = statSync(target).size;
process.stdout.write(`backed up ${source} to ${target} (${bytes} bytes, ${Date.now() - started} ms)\n`);

const keyFile = join(dataDir, 'master.key');
if (process.env.PARLEY_MASTER_KEY) {
  process.stdout.write(
    'master key: PARLEY_MASTER_KEY (keep it in your secret store; it is not in the backup)\n',
  );
} else if (values['with-key'] && existsSync(keyFile)) {
  copyFileSync(keyFile, `${target}.master.key`);
  chmodSync(`${target}.master.key`, 0o600);
  process.stdout.write(`master key: copied to ${target}.master.key (0600; store it apart from the backup)\n`);
} else {
  process.stdout.write(
    `master key: NOT in the backup; keep a copy of ${keyFile} apart from it (or rerun with --with-key)\n`,
  );
}
