import WebSocket from 'ws';

/**
 * A load-test client socket, the `index`th: it binds to 127.0.0.1 … 127.0.0.N in turn (N = `sourceAddresses`),
 * each address with its own ephemeral port range; no compression, no UTF-8 check.
 */
export function openClientSocket(url: string, index: number, sourceAddresses: number): WebSocket {
  return new WebSocket(url, {
    localAddress: `127.0.0.${(index % sourceAddresses) + 1}`,
    perMessageDeflate: false,
    handshakeTimeout: 30_000,
    skipUTF8Validation: true,
  });
}

/** Closes every socket (1000), terminating one that has not closed within 3 s. */
export async function closeClientSockets(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(1000);
          setTimeout(() => {
            socket.terminate();
            resolve();
          }, 3_000).unref();
        }),
    ),
  );
}
