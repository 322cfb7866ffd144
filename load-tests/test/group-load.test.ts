import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBaseline } from '../../bench/lib/spawn-baseline.ts';
import { type ParleyNodes, startParleyNodes } from '../lib/parley-nodes.ts';
import { GroupLoadGenerator } from '../ws/group-load-generator.ts';
import { setUpAvChatRoom, setUpWorkGroups } from '../ws/group-setup.ts';

// A tiny run of the group load generator against a Parley process of its own: every push of every message is
// counted once, nothing is lost, nothing unexpected arrives. Counts only, never a timing.
describe('group load generator against a spawned Parley', () => {
  let nodes: ParleyNodes;

  beforeAll(async () => {
    nodes = await startParleyNodes(1, process.env);
  }, 120_000);
  afterAll(async () => {
    await nodes?.stop();
  });

  const generatorFor = (app: { sdkAppId: number; secretKey: string }) =>
    new GroupLoadGenerator({
      wsUrls: nodes.wsUrls,
      app,
      sourceAddresses: 2,
      messageBytes: 20,
      progress: false,
      label: 'smoke',
    });

  it('Work groups: each message reaches every other member once, in closed and open loop', {
    timeout: 60_000,
  }, async () => {
    const setup = await setUpWorkGroups(nodes.admin, 3, 4);
    const generator = generatorFor(setup.app);
    try {
      const connect = await generator.connect(setup.members, 100, 20_000);
      expect(connect).toMatchObject({ requested: 12, logged_in: 12, failed: 0, errors: {} });
      const closed = await generator.runClosedLoop({ durationMs: 1000, warmupMs: 200, window: 2 });
      expect(closed).toMatchObject({ groups: 3, members: 12, lost: 0, lost_messages: 0, errors: {} });
      expect(closed.all_sent).toBeGreaterThan(0);
      expect(closed.all_delivered).toBe(closed.all_sent * 3);
      expect(closed.latency.count).toBe(closed.delivered);
      const open = await generator.runOpenLoop({ durationMs: 1000, warmupMs: 0, ratePerS: 30 });
      expect(open).toMatchObject({ lost: 0, lost_messages: 0, errors: {} });
      expect(open.all_sent).toBeGreaterThan(0);
      expect(open.all_delivered).toBe(open.all_sent * 3);
    } finally {
      await generator.close();
    }
  });

  it('AVChatRoom: members join after login; each message reaches every other member once', {
    timeout: 60_000,
  }, async () => {
    const setup = await setUpAvChatRoom(nodes.admin, 6);
    const generator = generatorFor(setup.app);
    try {
      const connect = await generator.connect(setup.members, 100, 20_000);
      expect(connect).toMatchObject({ requested: 6, logged_in: 6, failed: 0, errors: {} });
      const open = await generator.runOpenLoop({
        durationMs: 1000,
        warmupMs: 0,
        ratePerS: 10,
        sendersPerGroup: 2,
      });
      expect(open).toMatchObject({ groups: 1, members: 6, lost: 0, lost_messages: 0, errors: {} });
      expect(open.all_sent).toBeGreaterThan(0);
      expect(open.all_delivered).toBe(open.all_sent * 5);
    } finally {
      await generator.close();
    }
  });
});

describe('ws broadcast baseline', () => {
  it('forwards each group frame to the other sockets of the group, once each', {
    timeout: 60_000,
  }, async () => {
    const broadcast = await spawnBaseline('ws-broadcast-server.ts');
    const generator = new GroupLoadGenerator({
      wsUrls: [`ws://127.0.0.1:${broadcast.port}/`],
      mode: 'relay',
      sourceAddresses: 2,
      messageBytes: 20,
      progress: false,
      label: 'smoke',
    });
    try {
      const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((userId, i) => ({
        userId,
        groupId: i < 3 ? 'g1' : 'g2',
        join: false,
      }));
      expect((await generator.connect(members, 100, 10_000)).logged_in).toBe(6);
      const closed = await generator.runClosedLoop({ durationMs: 500, warmupMs: 0, window: 2 });
      expect(closed).toMatchObject({ groups: 2, lost: 0, errors: {} });
      expect(closed.all_sent).toBeGreaterThan(0);
      expect(closed.all_delivered).toBe(closed.all_sent * 2);
    } finally {
      await generator.close();
      await broadcast.stop();
    }
  });
});
