import WebSocket from 'ws';

export type FuzzOutcome =
  | { kind: 'reply'; text: string; frame: Record<string, unknown> }
  | { kind: 'closed'; code: number; reason: string }
  | { kind: 'silent' };

/**
 * A raw WebSocket for the fuzz suite: sends one frame at a time and waits for the next reply (a frame with `ok`;
 * pushes are skipped), the close, or a bounded silence. Every text the server sent is kept for the leak checks.
 */
export class FuzzSocket {
  readonly texts: string[] = [];
  #queue: string[] = [];
  #closed: { code: number; reason: string } | undefined;
  #wake: (() => void) | undefined;

  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const text = String(data);
      this.texts.push(text);
      this.#queue.push(text);
      this.#wake?.();
    });
    ws.on('close', (code, reason) => {
      this.#closed = { code, reason: reason.toString() };
      this.#wake?.();
    });
    ws.on('error', () => {});
  }

  static open(url: string): Promise<FuzzSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const socket = new FuzzSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN && this.#closed === undefined;
  }

  /** Sends `frame` and waits for its reply, the close, or `timeoutMs` of silence. */
  async exchange(frame: string | Buffer, timeoutMs = 3_000): Promise<FuzzOutcome> {
    if (this.isOpen) this.ws.send(frame, { binary: Buffer.isBuffer(frame) });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.#queue.shift();
      if (text !== undefined) {
        const frame = parse(text);
        if (frame && 'ok' in frame) return { kind: 'reply', text, frame };
        if (!frame) return { kind: 'reply', text, frame: {} };
        continue; // a push
      }
      if (this.#closed) return { kind: 'closed', ...this.#closed };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'silent' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
