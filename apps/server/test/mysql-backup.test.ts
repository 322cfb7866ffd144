import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestParley } from '@parley/testing';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import { type Connection, createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { createFreshBackends, realServiceUrls } from './support/fresh-backends.ts';

const urls = realServiceUrls();

/** Runs a MariaDB client tool (the documented procedure, docs/operations.md) with the password in MYSQL_PWD. */
function runTool(tool: string, args: string[], url: URL, stdio: { stdin?: string; stdout?: string }) {
  return new Promise<void>((resolve, reject) => {
    const stdin = stdio.stdin ? openSync(stdio.stdin, 'r') : 'ignore';
    const stdout = stdio.stdout ? openSync(stdio.stdout, 'w') : 'ignore';
    const child = spawn(
      tool,
      [
        `--host=${url.hostname}`,
        `--port=${url.port || '3306'}`,
        `--user=${decodeURIComponent(url.username)}`,
        ...args,
      ],
      {
        env: { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) },
        stdio: [stdin, stdout, 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (typeof stdin === 'number') closeSync(stdin);
      if (typeof stdout === 'number') closeSync(stdout);
      if (code === 0) resolve();
      else reject(new Error(`${tool} exited with ${code}: ${stderr}`));
    });
  });
}

async function tableContents(connection: Connection): Promise<Record<string, unknown[]>> {
  const [tables] = (await connection.query('SHOW TABLES')) as unknown as [Record<string, string>[]];
  const contents: Record<string, unknown[]> = {};
  for (const row of tables) {
    const table = Object.values(row)[0] as string;
    const [rows] = (await connection.query(`SELECT * FROM \`${table}\``)) as unknown as [unknown[]];
    contents[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return contents;
}

describe.skipIf(!urls)('MariaDB backup with mysqldump, restored into a fresh database', () => {
  it('restores every row, and Parley runs on the restored database with the same master key', async () => {
    if (!urls) return;
    const source = await createFreshBackends(urls);
    const target = await createFreshBackends(urls); // migrated: emptied below, the dump brings the schema
    const work = mkdtempSync(join(tmpdir(), 'parley-mysqldump-'));
    const dumpFile = join(work, 'parley.sql');
    try {
      const parley = await startTestParley(source.env);
      let sdkAppId = 0;
      let secretKey = '';
      try {
        ({ sdkAppId, secretKey } = await parley.createApp());
        const imported = await parley.admin('POST', `/v1/apps/${sdkAppId}/users`, {
          accounts: Array.from({ length: 20 }, (_, i) => ({ userId: `user${i}`, nick: `User ${i}` })),
        });
        expect(imported.status, JSON.stringify(imported.body)).toBe(200);
        const patched = await parley.admin('PATCH', `/v1/apps/${sdkAppId}/config`, {
          messaging: { recallLimitSeconds: 600 },
        });
        expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      } finally {
        await parley.close();
      }

      const mysqlUrl = new URL(source.env.PARLEY_MYSQL_URL as string);
      // The documented procedure: one consistent snapshot (InnoDB, one transaction), without locking writers.
      await runTool(
        'mysqldump',
        [
          '--single-transaction',
          '--routines',
          '--triggers',
          '--hex-blob',
          '--no-tablespaces',
          '--default-character-set=utf8mb4',
          source.mysqlDatabase,
        ],
        mysqlUrl,
        { stdout: dumpFile },
      );
      const targetUrl = new URL(target.env.PARLEY_MYSQL_URL as string);
      const emptying = await createConnection({ uri: targetUrl.toString(), multipleStatements: true });
      try {
        await emptying.query(`DROP DATABASE \`${target.mysqlDatabase}\``);
        await emptying.query(
          `CREATE DATABASE \`${target.mysqlDatabase}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
        );
      } finally {
        await emptying.end();
      }
      await runTool('mysql', ['--default-character-set=utf8mb4', target.mysqlDatabase], targetUrl, {
        stdin: dumpFile,
      });

      const [a, b] = await Promise.all([
        createConnection({ uri: mysqlUrl.toString() }),
        createConnection({ uri: targetUrl.toString() }),
      ]);
      try {
        const [before, after] = await Promise.all([tableContents(a), tableContents(b)]);
        expect(Object.keys(before)).toContain('schema_migrations');
        expect(Object.values(before).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(20);
        expect(after).toEqual(before);
      } finally {
        await Promise.all([a.end(), b.end()]);
      }

      // Parley starts on the restore (its migrations recognise the schema) and reads the sealed app secret.
      const restored = await startTestParley({
        ...target.env,
        PARLEY_MASTER_KEY: source.env.PARLEY_MASTER_KEY as string,
        PARLEY_MONGO_URL: source.env.PARLEY_MONGO_URL as string,
      });
      try {
        const config = await restored.admin('GET', `/v1/apps/${sdkAppId}/config`);
        expect(config.status).toBe(200);
        expect(JSON.stringify(config.body)).toContain('"recallLimitSeconds":600');
        const socket = await TestSocket.open(restored.wsUrl);
        const userSig = genUserSig({ sdkAppId, secretKey, userId: 'user7', expireSeconds: 600 });
        await socket.ok('login', { sdkAppId, userId: 'user7', userSig, platform: 'web' });
        socket.close();
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
      await Promise.all([source.drop(), target.drop()]);
    }
  }, 120_000);
});
