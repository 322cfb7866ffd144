import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusEnvelope, Cluster, MessageBus } from '../src/index.ts';
import { createDomainFixture, type DomainFixture } from './support/domain-fixture.ts';
import { type LocalSessionRecorder, settle } from './support/doubles.ts';

const APP = 1_400_000_001;
const READ = { conversationId: 'c2c:alice:bob', by: 'bob', readSeq: 3 };
const FRAME = JSON.stringify({ push: 'read', data: READ });

let f: DomainFixture;
beforeEach(() => {
  f = createDomainFixture();
});
afterEach(() => f.close());

const on = (cluster: Cluster, nodeId: string, userId: string, instanceId: string) =>
  f.connect(cluster, { sdkAppId: APP, userId, instanceId, nodeId });
const kicks = (...sessions: LocalSessionRecorder[]) => sessions.map((s) => s.kicks);

/** Every envelope the bus hands to `nodeId`, next to the node's own subscription. */
async function tap(nodeId: string): Promise<BusEnvelope[]> {
  const seen: BusEnvelope[] = [];
  await f.bus.subscribe(nodeId, (envelope) => seen.push(envelope));
  return seen;
}

async function node(
  nodeId: string,
  options: { clustered?: boolean; bus?: MessageBus } = {},
): Promise<Cluster> {
  const cluster = f.cluster({
    nodeId,
    clustered: options.clustered ?? true,
    ...(options.bus ? { bus: options.bus } : {}),
  });
  await cluster.start();
  return cluster;
}

describe('Cluster on a single node', () => {
  it('delivers a push to every local session of each target but the excepted instance, without asking the registry', async () => {
    let lookups = 0;
    const registry = {
      ...f.registry,
      list: (...args: Parameters<typeof f.registry.list>) => {
        lookups++;
        return f.registry.list(...args);
      },
    };
    const cluster = f.cluster({ sessions: registry });
    await cluster.start();
    const [alice1, alice2, bob1] = [
      await on(cluster, 'node-a', 'alice', 'a1'),
      await on(cluster, 'node-a', 'alice', 'a2'),
      await on(cluster, 'node-a', 'bob', 'b1'),
    ];
    cluster.push(APP, [{ userId: 'bob' }, { userId: 'alice', exceptInstanceId: 'a1' }], 'read', READ);
    await settle();
    expect([alice1.frames, alice2.frames, bob1.frames]).toEqual([[], [FRAME], [FRAME]]);
    expect(lookups).toBe(0);
  });

  it('kicks a local session directly, and every local session of an app', async () => {
    const cluster = await node('node-a', { clustered: false });
    const [alice, bob] = [
      await on(cluster, 'node-a', 'alice', 'a1'),
      await on(cluster, 'node-a', 'bob', 'b1'),
    ];
    cluster.kick(alice.record, 'multi-login', 'web');
    expect(kicks(alice, bob)).toEqual([[{ reason: 'multi-login', byPlatform: 'web' }], []]);
    cluster.kickApp(APP, 'app-unavailable');
    expect(kicks(bob)).toEqual([[{ reason: 'app-unavailable', byPlatform: undefined }]]);
  });

  it('reports an envelope it does not know', async () => {
    await node('node-a');
    await f.bus.sendToNode('node-a', { kind: 'bogus' } as unknown as BusEnvelope);
    await settle();
    expect(f.errors.map((e) => e.what)).toEqual(['bus receive']);
  });
});

describe('Cluster across two nodes on one bus and one registry', () => {
  let a: Cluster;
  let b: Cluster;
  beforeEach(async () => {
    a = await node('node-a');
    b = await node('node-b');
  });

  it('a push reaches the target’s sessions on the other node once, through one envelope per node', async () => {
    const toB = await tap('node-b');
    const here = await on(a, 'node-a', 'alice', 'a1');
    const [there1, there2] = [await on(b, 'node-b', 'alice', 'b1'), await on(b, 'node-b', 'alice', 'b2')];
    a.push(APP, [{ userId: 'alice' }], 'read', READ);
    await settle();
    expect([here.frames, there1.frames, there2.frames]).toEqual([[FRAME], [FRAME], [FRAME]]);
    expect(toB).toEqual([{ kind: 'deliver', sdkAppId: APP, userId: 'alice', frame: FRAME }]);
  });

  it('the excepted instance gets nothing on any node, and a node whose only session is excepted gets no envelope', async () => {
    const toB = await tap('node-b');
    const [b1, b2] = [await on(b, 'node-b', 'alice', 'b1'), await on(b, 'node-b', 'alice', 'b2')];
    await on(b, 'node-b', 'bob', 'bob1');
    a.push(
      APP,
      [
        { userId: 'alice', exceptInstanceId: 'b1' },
        { userId: 'bob', exceptInstanceId: 'bob1' },
      ],
      'read',
      READ,
    );
    await settle();
    expect([b1.frames, b2.frames]).toEqual([[], [FRAME]]);
    expect(toB).toEqual([
      { kind: 'deliver', sdkAppId: APP, userId: 'alice', frame: FRAME, exceptInstanceId: 'b1' },
    ]);
  });

  it('a kick of a session on the other node arrives there with its reason and platform', async () => {
    const [b1, b2] = [await on(b, 'node-b', 'alice', 'b1'), await on(b, 'node-b', 'alice', 'b2')];
    a.kick(b1.record, 'multi-login', 'android');
    a.kick(b2.record, 'account-deleted');
    await settle();
    expect(kicks(b1, b2)).toEqual([
      [{ reason: 'multi-login', byPlatform: 'android' }],
      [{ reason: 'account-deleted', byPlatform: undefined }],
    ]);
  });

  it('a config change announced on one node runs each node’s listeners exactly once', async () => {
    const heard: Record<string, [number, number][]> = { a: [], b: [] };
    a.onConfigChanged((sdkAppId, revision) => heard.a?.push([sdkAppId, revision]));
    const stopB = b.onConfigChanged((sdkAppId, revision) => heard.b?.push([sdkAppId, revision]));
    a.announceConfigChange(APP, 5);
    await settle();
    expect(heard).toEqual({ a: [[APP, 5]], b: [[APP, 5]] });
    stopB();
    b.announceConfigChange(APP, 6);
    await settle();
    expect(heard).toEqual({
      a: [
        [APP, 5],
        [APP, 6],
      ],
      b: [[APP, 5]],
    });
  });

  it('a PATCH on one node reaches each node’s app-config listeners once and refreshes both caches', async () => {
    const { sdkAppId } = await f.newApp({}, []);
    const configA = f.newAppConfig((id, revision) => a.announceConfigChange(id, revision));
    const configB = f.newAppConfig((id, revision) => b.announceConfigChange(id, revision));
    a.onConfigChanged((id, revision) => configA.invalidate(id, revision));
    b.onConfigChanged((id, revision) => configB.invalidate(id, revision));
    const heard: Record<string, number[]> = { a: [], b: [] };
    configA.onChange((_id, revision) => heard.a?.push(revision));
    configB.onChange((_id, revision) => heard.b?.push(revision));
    await Promise.all([configA.runtime(sdkAppId), configB.runtime(sdkAppId)]);

    await configA.patch(sdkAppId, { messaging: { recallLimitSeconds: 60 } });
    await settle();
    expect(heard).toEqual({ a: [2], b: [2] });
    expect(configB.cached(sdkAppId)).toBeUndefined();
    expect((await configB.runtime(sdkAppId)).config.messaging.recallLimitSeconds).toBe(60);
  });

  it('deleted accounts end their sessions on every node and no others', async () => {
    const [a1, b1, bob] = [
      await on(a, 'node-a', 'alice', 'a1'),
      await on(b, 'node-b', 'alice', 'b1'),
      await on(b, 'node-b', 'bob', 'bob1'),
    ];
    b.announceAccountsDeleted(APP, ['alice', 'carol']);
    await settle();
    const deleted = [{ reason: 'account-deleted', byPlatform: undefined }];
    expect(kicks(a1, b1, bob)).toEqual([deleted, deleted, []]);
  });
});

describe('Cluster when the bus or the registry fails', () => {
  it('a broadcast that cannot reach the bus still applies on this node, and is reported', async () => {
    const down = { ...f.bus, broadcast: () => Promise.reject(new Error('bus down')) };
    const cluster = await node('node-a', { bus: down });
    const heard: number[] = [];
    cluster.onConfigChanged((_id, revision) => heard.push(revision));
    const alice = await on(cluster, 'node-a', 'alice', 'a1');
    cluster.announceConfigChange(APP, 7);
    cluster.announceAccountsDeleted(APP, ['alice']);
    await settle();
    expect(heard).toEqual([7]);
    expect(alice.kicks).toEqual([{ reason: 'account-deleted', byPlatform: undefined }]);
    expect(f.errors.map((e) => [e.what, (e.error as Error).message])).toEqual([
      ['broadcast config-changed', 'bus down'],
      ['broadcast accounts-deleted', 'bus down'],
    ]);
  });

  it('the heartbeat registers this node’s sessions again when the registry forgot the node', async () => {
    const cluster = await node('node-a');
    let lost = 0;
    cluster.onRegistryLost(() => lost++);
    const [alice, bob] = [
      await on(cluster, 'node-a', 'alice', 'a1'),
      await on(cluster, 'node-a', 'bob', 'b1'),
    ];
    expect(await cluster.heartbeat()).toBe(0);
    expect(lost).toBe(0);

    f.clock.advance(30_001);
    expect(await f.registry.list(APP, 'alice')).toEqual([]);
    expect(await cluster.heartbeat()).toBe(2);
    expect(lost).toBe(1);
    expect(await f.registry.list(APP, 'alice')).toEqual([alice.record]);
    expect(await f.registry.list(APP, 'bob')).toEqual([bob.record]);
    expect(await cluster.heartbeat()).toBe(0);
    expect(lost).toBe(1);
  });
});
