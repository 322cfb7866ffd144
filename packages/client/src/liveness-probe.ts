/**
 * Notices a socket that died without a close (a phone that lost its network, a NAT that forgot the flow): such a
 * socket stays "open" until TCP gives up, minutes later, while pushes silently stop. The WHATWG socket API shows
 * no WebSocket pings, so liveness is judged by frames: after a quiet interval the client sends a `ping` op, and if
 * a whole further interval brings no frame at all, the connection is declared dead.
 */
export class LivenessProbe {
  readonly #intervalMs: number;
  readonly #probe: () => void;
  readonly #onDead: () => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #frames = 0;
  #framesAtLastTick = 0;
  #probing = false;

  /** `intervalMs` 0 disables the probe. */
  constructor(intervalMs: number, probe: () => void, onDead: () => void) {
    this.#intervalMs = intervalMs;
    this.#probe = probe;
    this.#onDead = onDead;
  }

  start(): void {
    this.stop();
    if (this.#intervalMs === 0) return;
    this.#framesAtLastTick = this.#frames;
    this.#probing = false;
    this.#timer = setInterval(this.#tick, this.#intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Called for every frame received: a counter, so the hot path costs one increment. */
  frameReceived(): void {
    this.#frames += 1;
  }

  readonly #tick = (): void => {
    if (this.#frames !== this.#framesAtLastTick) {
      this.#framesAtLastTick = this.#frames;
      this.#probing = false;
      return;
    }
    if (!this.#probing) {
      this.#probing = true;
      this.#probe();
      return;
    }
    this.stop();
    this.#onDead();
  };
}
