import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

/**
 * `npm run restore -- --from FILE --data-dir DIR [--key KEYFILE]`: lays a backup made by `npm run backup` into a
 * new data dir, from which `PARLEY_DATA_DIR=DIR npm start` starts Parley. It refuses a data dir that already has
 * a database (stop Parley and move the old dir aside first) and a restore without the master key the backup's
 * secrets are sealed with: `--key`, FILE.master.key, or PARLEY_MASTER_KEY at start.
 */
const usage = 'usage: npm run restore -- --from FILE --data-dir DIR [--key KEYFILE]';
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    'data-dir': { type: 'string' },
    key: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.from || !values['data-dir']) {
  process.stderr.write(`${usage}\n`);
  process.exit(values.help ? 0 : 2);
}
const from = resolve(values.from);
const dataDir = resolve(values['data-dir']);
const target = join(dataDir, 'parley.db');
const fail = (message: string): never => {
  process.stderr.write(`restore failed: ${message}\n`);
  process.exit(1);
};

if (!existsSync(from)) fail(`${from} does not exist`);
if (existsSync(target))
  fail(`${target} exists: restore into a new data dir (stop Parley, move the old one aside)`);
const keyFrom = values.key
  ? resolve(values.key)
  : existsSync(`${from}.master.key`)
    ? `${from}.master.key`
    : '';
if (keyFrom && !existsSync(keyFrom)) fail(`${keyFrom} does not exist`);
if (!keyFrom && !process.env.PARLEY_MASTER_KEY)
  fail(
    'no master key: pass --key KEYFILE (the master.key of the backed-up data dir) or set PARLEY_MASTER_KEY',
  );

const backup = new Database(from, { readonly: true, fileMustExist: true });
try {
  const check = backup.pragma('quick_check', { simple: true });
  if (check !== 'ok') fail(`${from} failed its integrity check: ${String(check)}`);
  backup.prepare('SELECT count(*) FROM schema_migrations').get();
} catch (error) {
  fail(`${from} is not a Parley backup: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  backup.close();
}

mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const partial = `${target}.partial-${process.pid}`;
copyFileSync(from, partial);
chmodSync(partial, 0o600);
renameSync(partial, target);
if (keyFrom) {
  const keyTarget = join(dataDir, 'master.key');
  if (!existsSync(keyTarget)) {
    copyFileSync(keyFrom, keyTarget);
    chmodSync(keyTarget, 0o600);
  }
}
process.stdout.write(
  `restored ${from} into ${dataDir}${keyFrom ? ' with its master key' : ' (master key: PARLEY_MASTER_KEY)'}; ` +
    `start it with PARLEY_DATA_DIR=${dataDir} npm start\n`,
);
