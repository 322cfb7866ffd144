import type { WebSocket } from 'ws';
import { startBareWsServer } from '../lib/bare-ws-server.ts';

/**
 * The bare WebSocket baseline: each client names itself and its peer in the query string
 * (`?id=a&peer=b`) and every frame it sends is forwarded to the peer as is, unparsed. No login, no storage: the
 * floor under what any chat gateway on `ws` can deliver on this machine. Listens on 127.0.0.1:$PORT.
 */
const sockets = new Map<string, WebSocket>();
startBareWsServer('relay', (socket, request) => {
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
