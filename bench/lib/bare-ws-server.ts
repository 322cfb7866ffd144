import type { IncomingMessage } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A bare `ws` server for a baseline in bench/baselines: 127.0.0.1:$PORT, no compression, no client tracking,
 * `onConnection` for each socket; says `ws <name> listening on <port>` on stdout and closes on SIGTERM.
 */
export function startBareWsServer(
  name: string,
  onConnection: (socket: WebSocket, request: IncomingMessage) => void,
): void {
  const port = Number(process.env.PORT ?? '0');
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port,
    perMessageDeflate: false,
    clientTracking: false,
  });
  server.on('connection', onConnection);
  server.on('listening', () => process.stdout.write(`ws ${name} listening on ${port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
