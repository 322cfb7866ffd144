import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One thing a test client received from the server: an error reply's name, or the socket's close code. */
export interface ReceivedEntry {
  /** The test file whose client received it. */
  file: string;
  error?: string;
  close?: number;
}

/** Appends to this process's own file under `dir` (one file per worker, so writers never interleave). */
export function appendReceived(dir: string, entry: ReceivedEntry): void {
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}

/** Every entry every worker wrote under `dir`. */
export function readReceived(dir: string): ReceivedEntry[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ReceivedEntry);
}
