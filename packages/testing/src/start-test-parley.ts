import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig, type ParleyServer, type StartOptions, startParley } from '@parley/server';
import { pino } from 'pino';
import { namedAppConfig } from './named-app-config.ts';

export interface TestParley {
  server: ParleyServer;
  /** http://127.0.0.1:<port> of the admin API. */
  adminUrl: string;
  /** ws://127.0.0.1:<port>/v1/ws of the gateway. */
  wsUrl: string;
  operatorToken: string;
  dataDir: string;
  /** Calls the admin API with the operator token. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Creates an app (optionally configured) and returns its SDKAppID and secret key. */
  createApp(config?: unknown): Promise<{ sdkAppId: number; secretKey: string }>;
  close(): Promise<void>;
}

/**
 * Starts a whole Parley (admin API + gateway) on port 0 with a fresh data dir. Extra environment variables
 * select real backends (e.g. PARLEY_MYSQL_URL) exactly as in production.
 */
export async function startTestParley(
  env: Record<string, string> = {},
  options: Partial<Omit<StartOptions, 'logger'>> & {
    dataDir?: string;
    keepDataDir?: boolean;
    /** Receives every log line (JSON), for tests that check what is logged. */
    logDestination?: { write(line: string): void };
  } = {},
): Promise<TestParley> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const config = loadServerConfig({
    PARLEY_DATA_DIR: dataDir,
    PARLEY_ADMIN_PORT: '0',
    PARLEY_GATEWAY_PORT: '0',
    PARLEY_LOG_LEVEL: 'silent',
    ...env,
  });
  const level = process.env.PARLEY_TEST_LOG_LEVEL ?? config.logLevel;
  const logger = options.logDestination ? pino({ level }, options.logDestination) : pino({ level });
  const server = await startParley(config, { ...options, logger });
  const adminUrl = server.adminAddress ? `http://127.0.0.1:${server.adminAddress.port}` : '';
  const wsUrl = server.gatewayAddress ? `ws://127.0.0.1:${server.gatewayAddress.port}/v1/ws` : '';

  async function admin(method: string, path: string, body?: unknown) {
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.operatorToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  return {
    server,
    adminUrl,
    wsUrl,
    operatorToken: server.operatorToken,
    dataDir,
    admin,
    async createApp(config) {
      const { status, body } = await admin('POST', '/v1/apps', namedAppConfig(config));
      if (status !== 201) throw new Error(`createApp failed: ${status} ${JSON.stringify(body)}`);
      const created = body as { sdkAppId: number; secretKey: string };
      return { sdkAppId: created.sdkAppId, secretKey: created.secretKey };
    },
    async close() {
      await server.close();
      if (!options.keepDataDir && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
