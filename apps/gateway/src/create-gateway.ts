import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { GATEWAY_PATH } from '@parley/protocol';
import { WebSocketServer } from 'ws';
import { clientIpOf } from './client-ip.ts';
import { GatewayConnection } from './connection.ts';
import type { GatewayDeps } from './gateway-deps.ts';
import { defaultGatewayOptions, type GatewayOptions } from './gateway-options.ts';
import { createOpHandlers } from './op-dispatch.ts';
import { ReadTurns } from './read-turns.ts';

export interface Gateway {
  /** Listens on host:port (port 0 picks one); resolves with the bound address. */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Handles an upgrade from an HTTP server the caller owns. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  connectionCount(): number;
  close(): Promise<void>;
}

/** Builds the chat gateway without listening. `close()` says goodbye to every client (1001) and stops timers. */
export async function createGateway(deps: GatewayDeps): Promise<Gateway> {
  const options: GatewayOptions = { ...defaultGatewayOptions, ...deps.options };
  const handlers = createOpHandlers(deps.messaging, deps.relations, deps.profiles, deps.groups);
  const context = { deps, options, handlers, readTurns: new ReadTurns(options.maxConcurrentReads) };
  const connections = new Set<GatewayConnection>();
  const log = deps.logger.child({ component: 'gateway', nodeId: deps.nodeId });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.hardMaxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });

  // Sessions of an app that a change disabled or terminated end on this node.
  const stopWatchingApps = deps.sessions.watchApps();

  const keepalive = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        // The close frame first; a peer too dead to answer it is dropped a second later.
        connection.close('KEEPALIVE_TIMEOUT');
        setTimeout(() => connection.terminate(), 1000).unref();
        continue;
      }
      connection.alive = false;
      connection.ping();
    }
  }, options.pingIntervalMs);
  keepalive.unref();

  const heartbeat = setInterval(() => {
    deps.cluster.heartbeat().then(
      (restored) => {
        if (restored > 0)
          log.warn({ restored }, 'the session registry had lost this node: sessions registered again');
      },
      (error: unknown) => log.warn({ err: error }, 'registry heartbeat failed'),
    );
  }, options.registryHeartbeatMs);
  heartbeat.unref();
  await deps.cluster.heartbeat();

  let connectionSeq = 0;
  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = request.url?.split('?')[0];
    if (path !== GATEWAY_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      connectionSeq += 1;
      const connection = new GatewayConnection(
        ws,
        context,
        clientIpOf(request, options.trustProxy),
        log.child({ conn: connectionSeq }),
      );
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  }

  let server: Server | undefined;
  let draining = false;

  /** GET /healthz: the process answers. GET /readyz: not draining and every storage check answers within 2 s. */
  const health = async (url: string): Promise<{ status: number; body: unknown }> => {
    if (url === '/healthz') return { status: 200, body: { status: 'ok' } };
    const entries = await Promise.all(
      Object.entries(deps.readiness ?? {}).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), 2000);
        });
        try {
          await Promise.race([check(), timeout]);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'failed'] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const ready = !draining && entries.every(([, result]) => result === 'ok');
    const checks = { ...Object.fromEntries(entries), draining: draining ? 'failed' : 'ok' };
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'unavailable', checks } };
  };

  return {
    handleUpgrade,
    async listen(port, host) {
      server = createServer((request, response) => {
        const metrics = deps.metrics;
        if (metrics && request.method === 'GET' && request.url === '/metrics') {
          metrics.metrics().then(
            (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
            () => response.writeHead(500).end(),
          );
          return;
        }
        if (request.method === 'GET' && (request.url === '/healthz' || request.url === '/readyz')) {
          health(request.url).then(({ status, body }) =>
            response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
          );
          return;
        }
        response.writeHead(426, { 'content-type': 'application/json', upgrade: 'websocket' });
        response.end(JSON.stringify({ error: `Connect with a WebSocket to ${GATEWAY_PATH}` }));
      });
      server.on('upgrade', handleUpgrade);
      const bound = server;
      await new Promise<void>((resolve, reject) => {
        bound.once('error', reject);
        bound.listen(port, host, () => resolve());
      });
      return bound.address() as AddressInfo;
    },
    connectionCount: () => connections.size,
    async close() {
      draining = true;
      clearInterval(keepalive);
      clearInterval(heartbeat);
      stopWatchingApps();
      const closing = [...connections].map(
        (connection) =>
          new Promise<void>((resolve) => {
            connection.onceClosed(resolve);
            connection.close('GOING_AWAY');
          }),
      );
      await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      for (const connection of connections) connection.terminate();
      wss.close();
      if (server) {
        const bound = server;
        await new Promise<void>((resolve) => bound.close(() => resolve()));
        bound.closeAllConnections();
      }
    },
  };
}
