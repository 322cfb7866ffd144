import type { WebSocket } from 'ws';
import { startBareWsServer } from '../lib/bare-ws-server.ts';

/**
 * The bare group fan-out baseline: each client names its group in the query string (`?group=g`) and every frame it
 * sends is forwarded as is, unparsed, to every other socket of that group. No login, no storage, no seq: the
 * floor under what any group chat on `ws` can push on this machine. Listens on 127.0.0.1:$PORT.
 */
const groups = new Map<string, Set<WebSocket>>();
startBareWsServer('broadcast', (socket, request) => {
  const group = new URL(request.url ?? '/', 'ws://broadcast').searchParams.get('group') ?? '';
  let members = groups.get(group);
  if (!members) {
    members = new Set();
    groups.set(group, members);
  }
  members.add(socket);
  socket.on('message', (data: Buffer, isBinary) => {
    for (const member of members) if (member !== socket) member.send(data, { binary: isBinary });
  });
  socket.on('close', () => {
    members.delete(socket);
  });
});
