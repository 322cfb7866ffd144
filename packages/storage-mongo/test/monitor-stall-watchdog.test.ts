import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { watchMonitorStalls } from '../src/monitor-stall-watchdog.ts';

/**
 * The stall itself (a driver heartbeat that never settles after FerretDB restarts under load) shows up only now and
 * then in the cluster failover test; these drive the watchdog's decisions with the driver's event names.
 */
class ClientEvents extends EventEmitter {
  closes = 0;
  connects = 0;
  failConnects = 0;
  async close(): Promise<void> {
    this.closes += 1;
  }
  async connect(): Promise<void> {
    this.connects += 1;
    if (this.failConnects > 0) {
      this.failConnects -= 1;
      throw new Error('connect ECONNREFUSED');
    }
  }
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function watch(client: ClientEvents, clock: { t: number }) {
  const reconnects: number[] = [];
  const stop = watchMonitorStalls(client, {
    stallMs: 10_000,
    checkEveryMs: 5,
    now: () => clock.t,
    onReconnect: (pendingMs) => reconnects.push(pendingMs),
  });
  stops.push(stop);
  return { reconnects, stop };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('watchMonitorStalls', () => {
  it('leaves a client alone while its heartbeats settle, however long the client lives', async () => {
    const client = new ClientEvents();
    const clock = { t: 0 };
    const { reconnects } = watch(client, clock);
    for (let i = 0; i < 5; i++) {
      client.emit('serverHeartbeatStarted');
      clock.t += 9_000;
      await tick();
      client.emit(i % 2 ? 'serverHeartbeatFailed' : 'serverHeartbeatSucceeded');
    }
    clock.t += 60_000;
    await tick();
    expect([client.closes, client.connects, reconnects]).toEqual([0, 0, []]);
  });

  it('closes and connects again a client whose heartbeat has been pending past the stall bound', async () => {
    const client = new ClientEvents();
    const clock = { t: 0 };
    const { reconnects } = watch(client, clock);
    client.emit('serverHeartbeatStarted');
    clock.t = 10_500;
    await tick();
    expect([client.closes, client.connects, reconnects]).toEqual([1, 1, [10_500]]);
    await tick();
    expect([client.closes, client.connects]).toEqual([1, 1]);
  });

  it('keeps connecting at each check until the server answers, without closing again', async () => {
    const client = new ClientEvents();
    client.failConnects = 2;
    const clock = { t: 0 };
    watch(client, clock);
    client.emit('serverHeartbeatStarted');
    clock.t = 11_000;
    for (let i = 0; i < 4 && client.connects < 3; i++) await tick();
    expect(client.closes).toBe(1);
    expect(client.connects).toBe(3);
    await tick();
    expect(client.connects).toBe(3);
  });

  it('does nothing once stopped (the owner closed the client)', async () => {
    const client = new ClientEvents();
    const clock = { t: 0 };
    const { stop } = watch(client, clock);
    client.emit('serverHeartbeatStarted');
    stop();
    clock.t = 60_000;
    await tick();
    expect([client.closes, client.connects]).toEqual([0, 0]);
  });
});
