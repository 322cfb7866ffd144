import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendResult, WireMessage } from '@parley/protocol';
import { startTestParley } from '@parley/testing';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/node-process.ts';

const work = mkdtempSync(join(tmpdir(), 'parley-backup-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs one of the server's scripts as its own process (as an operator would), without blocking this event loop. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [`apps/server/src/${script}`, ...args], { cwd: REPO_ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function login(wsUrl: string, sdkAppId: number, secretKey: string, userId: string) {
  const socket = await TestSocket.open(wsUrl);
  const userSig = genUserSig({ sdkAppId, secretKey, userId, expireSeconds: 600 });
  await socket.ok('login', { sdkAppId, userId, userSig, platform: 'web' });
  return socket;
}

describe('backup and restore of the embedded default (npm run backup / npm run restore)', () => {
  it('an online backup taken under send load restores every message acknowledged before it began, with its seq', async () => {
    const dataDir = join(work, 'live');
    const parley = await startTestParley({}, { dataDir, keepDataDir: true });
    const acked: { result: SendResult; random: number; at: number }[] = [];
    let backupStartedAt = 0;
    let backupEndedAt = 0;
    const backupFile = join(work, 'parley-backup.db');
    let sdkAppId = 0;
    let secretKey = '';
    try {
      // The load is as fast as the machine allows: lift the app's message quota (default 1000/s) out of its way.
      ({ sdkAppId, secretKey } = await parley.createApp({ plan: { maxMessagesPerSecond: 1_000_000 } }));
      const bob = await login(parley.wsUrl, sdkAppId, secretKey, 'bob');
      const senders = await Promise.all(
        ['alice', 'carol'].map((user) => login(parley.wsUrl, sdkAppId, secretKey, user)),
      );
      let sending = true;
      let random = 0;
      const load = senders.map(async (socket) => {
        while (sending) {
          random += 1;
          const mine = random;
          const result = await socket.ok('send', {
            to: 'bob',
            random: mine,
            body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `message ${mine}` } }],
          });
          acked.push({ result, random: mine, at: Date.now() });
        }
      });
      while (acked.length < 300) await new Promise((resolve) => setTimeout(resolve, 20));

      backupStartedAt = Date.now();
      const backup = await runScript('backup.ts', ['--to', backupFile, '--data-dir', dataDir, '--with-key']);
      backupEndedAt = Date.now();
      expect(backup.code, backup.output).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      sending = false;
      await Promise.all(load);
      for (const socket of [bob, ...senders]) socket.close();
    } finally {
      await parley.close();
    }

    // The sends went on while the backup ran: it was taken under load, not in a pause.
    expect(acked.filter((a) => a.at > backupStartedAt && a.at < backupEndedAt).length).toBeGreaterThan(0);
    expect(existsSync(`${backupFile}.master.key`)).toBe(true);

    // Restore refuses a data dir that has a database, then restores into a new one.
    const refused = await runScript('restore.ts', ['--from', backupFile, '--data-dir', dataDir]);
    expect(refused.code).not.toBe(0);
    const restoredDir = join(work, 'restored');
    const restore = await runScript('restore.ts', ['--from', backupFile, '--data-dir', restoredDir]);
    expect(restore.code, restore.output).toBe(0);

    const restored = await startTestParley({}, { dataDir: restoredDir });
    try {
      // The app's secret key is readable (the master key came along): a UserSig made with it logs in.
      const reader = await login(restored.wsUrl, sdkAppId, secretKey, 'bob');
      const stored = new Map<string, WireMessage>();
      for (const peer of ['alice', 'carol']) {
        const conversationId = peer < 'bob' ? `c2c:${peer}:bob` : `c2c:bob:${peer}`;
        let afterSeq = 0;
        for (;;) {
          const page = await reader.ok('sync', { conversationId, afterSeq, limit: 500 });
          for (const message of page.messages) stored.set(`${conversationId}#${message.seq}`, message);
          afterSeq = page.lastSeq;
          if (page.complete || page.messages.length === 0) break;
        }
        // A consistent snapshot: each conversation is a gap-free prefix 1..n.
        const seqs = [...stored.values()]
          .filter((m) => m.conversationId === conversationId)
          .map((m) => m.seq);
        expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
      }
      reader.close();

      const before = acked.filter((a) => a.at < backupStartedAt);
      expect(before.length).toBeGreaterThanOrEqual(300);
      for (const { result, random } of before) {
        const message = stored.get(`${result.conversationId}#${result.seq}`);
        expect(message, `seq ${result.seq} of ${result.conversationId}`).toBeDefined();
        expect(message?.msgKey).toBe(result.msgKey);
        expect(message?.random).toBe(random);
      }
      // Nothing acknowledged after the backup finished is in it.
      const after = acked.filter((a) => a.at > backupEndedAt);
      expect(after.length).toBeGreaterThan(0);
      for (const { result } of after)
        expect(stored.has(`${result.conversationId}#${result.seq}`)).toBe(false);
    } finally {
      await restored.close();
    }
  }, 120_000);
});
