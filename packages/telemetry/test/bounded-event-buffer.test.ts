import { describe, expect, it } from 'vitest';
import { BoundedEventBuffer } from '../src/bounded-event-buffer.ts';
import type { LogEvent } from '../src/index.ts';

const event = (n: number): LogEvent => ({
  category: 'log',
  sdkAppId: n,
  interface: 'x',
  clientIp: '192.0.2.1',
  requestTime: new Date(n).toISOString(),
});

describe('BoundedEventBuffer', () => {
  it('keeps the newest `limit` events in order across wrap-around', () => {
    const buffer = new BoundedEventBuffer(3);
    for (let n = 1; n <= 5; n += 1) buffer.push(event(n));
    expect(buffer.take(2).map((e) => e.sdkAppId)).toEqual([3, 4]);
    buffer.push(event(6));
    buffer.push(event(7));
    expect(buffer.take(10).map((e) => e.sdkAppId)).toEqual([5, 6, 7]);
    expect(buffer.dropped).toEqual({ log: 2, monitoring: 0 });
  });

  it('counts slots reserved by a batch in flight against the limit', () => {
    const buffer = new BoundedEventBuffer(4);
    buffer.push(event(1), 3);
    buffer.push(event(2), 3);
    expect(buffer.take(10).map((e) => e.sdkAppId)).toEqual([2]);
    buffer.push(event(3), 4);
    expect(buffer.length).toBe(0);
    expect(buffer.dropped.log).toBe(2);
  });
});
