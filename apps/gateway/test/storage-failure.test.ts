import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextRandom, sendText, text } from '@parley/testing/kit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('storage failures reach the client as catalogue errors, and the socket stays', () => {
  it('a locked database: STORAGE_UNAVAILABLE, nothing acknowledged, and a retry with the same random stores once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-gateway-'));
    const path = join(dir, 'parley.db');
    server = await startGateway({ databasePath: path });
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    // A short busy timeout on the gateway's own connection: SQLite waits synchronously, blocking this process.
    server.db.pragma('busy_timeout = 300');
    const locker = new Database(path);
    try {
      locker.exec('BEGIN EXCLUSIVE');
      const frame = { to: 'bob', random: nextRandom(), body: text('retry me') };
      const error = await alice.fail('send', frame).catch((e: unknown) => e);
      locker.exec('ROLLBACK');
      expect(error).toMatchObject({ code: 91080, name: 'STORAGE_UNAVAILABLE' });
      const retried = await alice.ok('send', frame);
      expect(retried.seq).toBe(1);
      const history = await alice.ok('history', {
        conversationId: retried.conversationId,
      });
      expect(history.messages).toHaveLength(1);
    } finally {
      locker.close();
    }
  });

  it('an unexpected failure: INTERNAL on the op; a login that fails so closes with 1013 (try again later)', async () => {
    server = await startGateway();
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    await sendText(alice, 'bob', 'before');
    server.db.close();
    const error = await alice.fail('history', { conversationId: 'c2c:alice:bob' });
    expect(error).toMatchObject({ code: 90994, name: 'INTERNAL', message: 'Internal server error.' });
    expect(alice.isOpen).toBe(true);

    const socket = await app.open();
    const login = await socket.fail('login', app.loginData('carol'));
    expect(login.code).toBe(90994);
    expect(await socket.waitClosed()).toEqual({
      code: 1013,
      reason: 'a backend is unavailable; retry later',
    });
  });
});
