import { describe, expect, it } from 'vitest';
import { ReadTurns } from '../src/read-turns.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadTurns', () => {
  it('starts at most one read per event-loop iteration, so other callbacks run between reads', async () => {
    const turns = new ReadTurns(10);
    const order: string[] = [];
    const read = (name: string) => async () => void order.push(name);
    const all = Promise.all([turns.run(read('a')), turns.run(read('b')), turns.run(read('c'))]);
    setImmediate(() => order.push('io'));
    await all;
    expect(order).toEqual(['a', 'io', 'b', 'c']);
  });

  it('runs at most `limit` at once, in arrival order; a failed read frees its turn', async () => {
    const turns = new ReadTurns(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const read = (i: number) => async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await tick();
      await tick();
      running -= 1;
      if (i === 1) throw new Error('store failed');
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => turns.run(read(i))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(turns.waiting).toBe(0);
  });
});
