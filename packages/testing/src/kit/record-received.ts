import { expect, inject } from 'vitest';
import { appendReceived } from './received-log.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by a global setup that collects what the test clients received (see received-log.ts). */
    receivedRepliesDir: string | undefined;
  }
}

/**
 * Records what a test client received, when the run collects it: an error reply's name or a close code. Outside
 * such a run (no global setup provided a directory) it does nothing.
 */
export function recordReceived(entry: { error: string } | { close: number }): void {
  const dir = inject('receivedRepliesDir');
  if (!dir) return;
  appendReceived(dir, { file: expect.getState().testPath ?? '', ...entry });
}
