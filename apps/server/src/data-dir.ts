import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/**
 * Checks the data dir at start. Parley creates it 0700 and every file in it 0600, whoever creates them
 * (storage, telemetry, the key and token files); one that already exists keeps its mode, but when the dir or a
 * file in it is open to the group or to others (it holds message bodies, accounts and the master key), a
 * warning names it and the command that fixes it. Nothing is created here.
 */
export function checkDataDir(dataDir: string, logger: Logger): string[] {
  const exposed = [dataDir, ...entries(dataDir).map((name) => join(dataDir, name))].filter(isOpenToOthers);
  for (const path of exposed) {
    const directory = path === dataDir;
    logger.warn(
      { path, mode: modeOf(path), fix: `chmod ${directory ? '700' : '600'} ${path}` },
      directory
        ? 'the data dir is readable by group or others: it holds message bodies, accounts and keys'
        : 'a file in the data dir is readable by group or others',
    );
  }
  return exposed;
}

function isOpenToOthers(path: string): boolean {
  const mode = modeOf(path);
  return mode !== undefined && (Number.parseInt(mode, 8) & 0o077) !== 0;
}

function modeOf(path: string): string | undefined {
  try {
    return (statSync(path).mode & 0o777).toString(8).padStart(3, '0');
  } catch {
    return undefined; // not there yet: it will be created private
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
