import {
  createParleyClient,
  type ParleyClient,
  type ParleyClientOptions,
  type SocketCloseEvent,
  type SocketMessageEvent,
  type WebSocketConstructor,
  type WebSocketLike,
} from '@parley/client';
import type { Platform } from '@parley/protocol';
import type { TestParley } from '@parley/testing';
import { genUserSig } from '@parley/usersig';
import WebSocket from 'ws';
import { fastReconnect } from './client-test-tools.ts';

/**
 * The client's side of the network, per client: the SDK's real sockets to a real Parley, with a switch that
 * takes the client offline (its socket dropped, new ones failing to connect), a filter that loses chosen
 * incoming frames, and a record of every frame the client sent.
 */
/** Thrown by a client's socket constructor while its network is down. */
export class NetworkDown extends Error {
  constructor() {
    super('the network is down');
  }
}

type IncomingFrame = { push?: string; data?: Record<string, unknown> };

/**
 * The client's side of the network, per client: the SDK's real sockets to a real Parley, with a switch that
 * takes the client offline (its socket dropped, new ones failing to connect), a filter that loses chosen
 * incoming frames, and a record of every frame the client sent.
 */
class ClientNetwork {
  readonly sent: { op: string; data: Record<string, unknown> }[] = [];
  #offline = false;
  #lose: (frame: IncomingFrame) => boolean = () => false;
  readonly #sockets: WebSocket[] = [];

  /** Drops the current socket without a close handshake; reconnects fail until `goOnline()`. */
  goOffline(): void {
    this.#offline = true;
    this.#sockets.at(-1)?.terminate();
  }

  goOnline(): void {
    this.#offline = false;
  }

  /** Incoming frames for which `lose` is true never reach the client, as if lost on the way. */
  loseIncoming(lose: (frame: IncomingFrame) => boolean): void {
    this.#lose = lose;
  }

  /** The frames the client sent with this op, oldest first. */
  sentOps(op: string): Record<string, unknown>[] {
    return this.sent.filter((frame) => frame.op === op).map((frame) => frame.data);
  }

  /** A constructor for the client's `WebSocket` option: a `ws` socket seen through this network. */
  socketClass(): WebSocketConstructor {
    const network = this;
    return class NetworkSocket implements WebSocketLike {
      readonly #inner: WebSocket;

      constructor(url: string) {
        if (network.#offline) throw new NetworkDown();
        this.#inner = new WebSocket(url);
        network.#sockets.push(this.#inner);
      }

      get readyState(): number {
        return this.#inner.readyState;
      }

      send(data: string): void {
        const frame = JSON.parse(data) as { op: string; data: Record<string, unknown> };
        network.sent.push({ op: frame.op, data: frame.data });
        this.#inner.send(data);
      }

      close(code?: number, reason?: string): void {
        this.#inner.close(code, reason);
      }

      addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: never) => void): void {
        const deliver = listener as (event?: SocketMessageEvent | SocketCloseEvent) => void;
        if (type === 'open' || type === 'error') {
          this.#inner.on(type, () => deliver());
        } else if (type === 'close') {
          this.#inner.on('close', (code, reason) => deliver({ code, reason: reason.toString() }));
        } else {
          this.#inner.on('message', (raw) => {
            const data = String(raw);
            if (!network.#lose(JSON.parse(data) as IncomingFrame)) deliver({ data });
          });
        }
      }
    };
  }
}

export interface ConnectedClient {
  client: ParleyClient;
  network: ClientNetwork;
}

/** One app on the test Parley; makes SDK clients of its users (each with its own network) and closes them. */
export async function newTestApp(parley: TestParley, config?: unknown) {
  const { sdkAppId, secretKey } = await parley.createApp(config);
  const made: ParleyClient[] = [];
  return {
    sdkAppId,
    /** A client of `userId`, logged in (its account exists from then on). */
    async connect(
      userId: string,
      options: Partial<ParleyClientOptions> & { platform?: Platform } = {},
    ): Promise<ConnectedClient> {
      const network = new ClientNetwork();
      const client = createParleyClient({
        url: parley.wsUrl,
        sdkAppId,
        userId,
        userSig: () => genUserSig({ sdkAppId, secretKey, userId, expireSeconds: 86_400 }),
        platform: 'linux',
        reconnect: fastReconnect,
        WebSocket: network.socketClass(),
        ...options,
      });
      made.push(client);
      await client.connect();
      return { client, network };
    },
    async closeAll(): Promise<void> {
      await Promise.all(made.splice(0).map((client) => client.close()));
    },
  };
}
