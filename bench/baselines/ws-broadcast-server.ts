import { type WebSocket, WebSocketServer } from 'ws';

/**
 * The bare group fan-out baseline: each client names its group in the query string (`?group=g`) and every frame it
 * sends is forwarded as is, unparsed, to every other socket of that group. No login, no storage, no seq: the
 * floor under what any group chat on `ws` can push on this machine. Listens on 127.0.0.1:$PORT.
 */
const port = Number(process.env.PORT ?? '0');
const groups = new Map<string, Set<WebSocket>>();
const server = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  clientTracking: false,
});

server.on('connection', (socket, request) => {
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
server.on('listening', () => process.stdout.write(`ws broadcast listening on ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
