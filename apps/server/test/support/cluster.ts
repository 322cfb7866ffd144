import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namedAppConfig } from '@parley/testing';
import { sleep, TestSocket } from '@parley/testing/kit';
import { type ChatApp, chatApp } from './chat-app.ts';
import { createFreshBackends, type FreshBackends } from './fresh-backends.ts';
import { NodeProcess } from './node-process.ts';

/** How long a started node may take to answer (admin /readyz 200, gateway accepting a WebSocket). */
const READY_TIMEOUT_MS = 20_000;

interface AdminNode {
  process: NodeProcess;
  /** http://127.0.0.1:<port> */
  url: string;
}

export interface GatewayNode {
  process: NodeProcess;
  nodeId: string;
  /** ws://127.0.0.1:<port>/v1/ws */
  url: string;
}

/**
 * A Parley cluster of separate OS processes on the real services: one admin-API node (PARLEY_ROLE=admin) and
 * gateway nodes (PARLEY_ROLE=gateway, each its own PARLEY_NODE_ID), with a fresh MySQL and Mongo database.
 * Redis is shared with other test files; each test isolates itself by creating its own app.
 */
export interface Cluster {
  admin: AdminNode;
  gateways: GatewayNode[];
  backends: FreshBackends;
  /** Calls the admin API with the operator token. */
  adminRequest(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Creates an app through the admin node. */
  createApp(config?: unknown): Promise<ChatApp>;
  /** PATCHes an app's configuration through the admin node; throws on a non-200. */
  configure(sdkAppId: number, patch: unknown): Promise<void>;
  /** Starts one more gateway node (e.g. one a test is going to kill). */
  addGateway(): Promise<GatewayNode>;
  /** Every node's captured output, labelled, to print when a test fails. */
  output(): string;
  /** Stops every node (SIGTERM, then SIGKILL) and drops the databases. */
  close(): Promise<void>;
}

export async function startCluster(
  urls: { mysql: string; mongo: string; redis: string },
  options: { gateways?: number; env?: Record<string, string> } = {},
): Promise<Cluster> {
  const backends = await createFreshBackends(urls);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  const runId = backends.mysqlDatabase.replace('parley_test_', '');
  const processes: NodeProcess[] = [];
  const gateways: GatewayNode[] = [];

  const baseEnv = (name: string): Record<string, string> => ({
    ...backends.env,
    PARLEY_DATA_DIR: join(dataDir, name),
    PARLEY_ADMIN_PORT: '0',
    PARLEY_GATEWAY_PORT: '0',
    PARLEY_TELEMETRY: 'false',
    PARLEY_LOG_LEVEL: 'info',
    ...options.env,
  });

  async function startGateway(): Promise<GatewayNode> {
    const name = `gw-${gateways.length + 1}`;
    const nodeId = `${name}-${runId}`;
    const { node, started } = await NodeProcess.start(name, {
      ...baseEnv(name),
      PARLEY_ROLE: 'gateway',
      PARLEY_NODE_ID: nodeId,
    });
    processes.push(node);
    if (!started.gateway) throw new Error(`${name} printed no gateway address:\n${node.output()}`);
    const gateway = { process: node, nodeId, url: started.gateway };
    gateways.push(gateway);
    await untilReady(name, () => acceptsWebSocket(gateway.url));
    return gateway;
  }

  async function startAdmin(): Promise<AdminNode> {
    const { node, started } = await NodeProcess.start('admin', {
      ...baseEnv('admin'),
      PARLEY_ROLE: 'admin',
      PARLEY_NODE_ID: `admin-${runId}`,
    });
    processes.push(node);
    if (!started.admin) throw new Error(`admin printed no admin address:\n${node.output()}`);
    const url = started.admin;
    await untilReady('admin', async () => (await fetch(`${url}/readyz`)).status === 200);
    return { process: node, url };
  }

  const output = () =>
    processes.map((node) => `===== ${node.label} (pid ${node.pid}) =====\n${node.output()}`).join('\n');

  const stopAll = async () => {
    await Promise.all(processes.map((node) => node.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    await backends.drop();
  };

  let admin: AdminNode;
  try {
    // One at a time: on two cores, parallel start-ups (tsx compiling the whole server) only compete.
    admin = await startAdmin();
    for (let i = 0; i < (options.gateways ?? 2); i += 1) await startGateway();
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }

  async function adminRequest(method: string, path: string, body?: unknown) {
    const response = await fetch(`${admin.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${backends.operatorToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  return {
    admin,
    gateways,
    backends,
    adminRequest,
    async createApp(config) {
      const { status, body } = await adminRequest('POST', '/v1/apps', namedAppConfig(config));
      if (status !== 201) throw new Error(`createApp failed: ${status} ${JSON.stringify(body)}`);
      const created = body as { sdkAppId: number; secretKey: string };
      return chatApp(created.sdkAppId, created.secretKey);
    },
    async configure(sdkAppId, patch) {
      const { status, body } = await adminRequest('PATCH', `/v1/apps/${sdkAppId}/config`, patch);
      if (status !== 200) throw new Error(`config PATCH failed: ${status} ${JSON.stringify(body)}`);
    },
    addGateway: startGateway,
    output,
    close: stopAll,
  };
}

async function acceptsWebSocket(url: string): Promise<boolean> {
  const socket = await TestSocket.open(url);
  socket.close();
  return true;
}

/** Polls `check` until it answers true, within READY_TIMEOUT_MS. */
async function untilReady(name: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(200);
  }
  throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS} ms`, { cause: last });
}
