import { type WebSocket, WebSocketServer } from 'ws';

/**
 * The bare WebSocket baseline: each client names itself and its peer in the query string
 * (`?id=a&peer=b`) and every frame it sends is forwarded to the peer as is, unparsed. No login, no storage: the
 * floor under what any chat gateway on `ws` can deliver on this machine. Listens on 127.0.0.1:$PORT.
 */
const port = Number(process.env.PORT ?? '0');
const sockets = new Map<string, WebSocket>();
const server = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  clientTracking: false,
});

server.on('connection', (socket, request) => {
  const query = new URL(request.url ?? '/', 'ws://relay').searchParams;
  const id = query.get('id') ?? '';
  const peer = query.get('peer') ?? '';
  sockets.set(id, socket);
  socket.on('message', (data: Buffer, isBinary) => {
    sockets.get(peer)?.send(data, { binary: isBinary });
  });
  socket.on('close', () => {
    if (sockets.get(id) === socket) sockets.delete(id);
  });
});
server.on('listening', () => process.stdout.write(`ws relay listening on ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
