import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteCallbackQueue, openEmbeddedDatabase } from '@parley/storage-embedded';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallbacks } from '../src/index.ts';
import { startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/enqueue-then-hang.ts', import.meta.url));
const COUNT = 25;
const TOKEN = 'durable-token';

function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}: ${err}`)));
  });
}

describe('after-events are durable', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('survive a SIGKILL of the process that queued them while the callback server was down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-callbacks-durable-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'parley.db');
    const sdkAppId = nextSdkAppId();
    // Find a free port, then leave it closed: the app's callback server is down.
    const probe = await startCallbackReceiver({ sdkAppId, token: TOKEN });
    const { port, url } = probe;
    await probe.close();

    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PARLEY_TEST_DB: dbPath,
        PARLEY_TEST_URL: url,
        PARLEY_TEST_TOKEN: TOKEN,
        PARLEY_TEST_SDK_APP_ID: String(sdkAppId),
        PARLEY_TEST_COUNT: String(COUNT),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    expect(await waitForReady(child)).toBe(COUNT);
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The server comes back; a new process opens the same file and delivers everything.
    const receiver = await startCallbackReceiver({ sdkAppId, token: TOKEN, port });
    cleanups.push(() => receiver.close());
    const db = openEmbeddedDatabase(dbPath);
    db.pragma('busy_timeout = 5000');
    const app = testApp(sdkAppId, { url, token: TOKEN, retry: { maxAttempts: 10, initialBackoffMs: 100 } });
    const callbacks = createCallbacks({
      queue: createSqliteCallbackQueue({ db }),
      getApp: async () => app,
      allowPrivateAddresses: true,
      dispatcher: { pollIntervalMs: 20, leaseMs: 2_000 },
    });
    cleanups.push(() => {
      db.close();
    });
    cleanups.push(() => callbacks.close());
    callbacks.dispatcher.start();

    await expect
      .poll(() => new Set(receiver.received.map((request) => request.body.MsgSeq)).size, { timeout: 15_000 })
      .toBe(COUNT);
    await expect
      .poll(() => callbacks.queue.count(sdkAppId), { timeout: 5_000 })
      .toEqual({ pending: 0, dead: 0 });
    expect(receiver.refused).toEqual([]);
    expect(receiver.received[0]?.query).toMatchObject({
      CallbackCommand: 'C2C.CallbackAfterSendMsg',
      ClientIP: '203.0.113.77',
      OptPlatform: 'Unknown',
    });
  });
});
