import { connect, createServer, type Socket } from 'node:net';
import { mongoCall } from '@parley/storage-mongo';
import { describe, expect, it } from 'vitest';

/**
 * The error Node gives a write on a socket whose server has closed it: what the MongoDB driver lets through unwrapped
 * when a pooled connection's server has just shut down.
 */
async function writeAfterServerClosed(): Promise<Error> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const client: Socket = connect(address.port, '127.0.0.1');
  try {
    await new Promise<void>((resolve) => client.once('end', resolve).resume());
    return await new Promise<Error>((resolve) => {
      client.once('error', resolve);
      client.write('ping', (error) => error && resolve(error));
    });
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('mongoCall', () => {
  it("turns Node's EPIPE on a socket the server closed into STORAGE_UNAVAILABLE", async () => {
    const epipe = await writeAfterServerClosed();
    expect(epipe).toMatchObject({ code: 'EPIPE', message: 'This socket has been ended by the other party' });
    await expect(mongoCall(() => Promise.reject(epipe))).rejects.toMatchObject({
      name: 'ParleyError',
      errorName: 'STORAGE_UNAVAILABLE',
      cause: epipe,
    });
  });

  it('retries an idempotent call once on a fresh connection after EPIPE', async () => {
    const epipe = await writeAfterServerClosed();
    let calls = 0;
    const result = await mongoCall(
      async () => {
        calls += 1;
        if (calls === 1) throw epipe;
        return 'done';
      },
      { idempotent: true },
    );
    expect({ result, calls }).toEqual({ result: 'done', calls: 2 });
  });

  it('rethrows any other error unchanged (a bug is not an outage)', async () => {
    const bug = new TypeError('x is undefined');
    await expect(mongoCall(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
