import { describe, expect, it } from 'vitest';
import { GroupFanout } from '../../src/cluster/group-fanout.ts';
import { LocalSessions } from '../../src/cluster/local-sessions.ts';
import type { GroupRoutes } from '../../src/ports/group-routes.ts';
import type { BusEnvelope } from '../../src/ports/message-bus.ts';

/** Routes whose lookups answer only when the test says so, as a slow Redis would. */
function slowRoutes() {
  const entries = new Map<string, number>([['node-2', 1]]);
  const pending: (() => void)[] = [];
  const routes: GroupRoutes = {
    set: async (_app, _group, nodeId, count) => {
      entries.set(nodeId, count);
    },
    nodes: () =>
      new Promise((resolve) =>
        pending.push(() => resolve([...entries].map(([nodeId, count]) => ({ nodeId, count })))),
      ),
    dropGroup: async () => {
      entries.clear();
    },
    close: async () => {},
  };
  const answerAll = () => {
    for (const answer of pending.splice(0)) answer();
  };
  return { routes, answerAll };
}

function fanout(routes: GroupRoutes) {
  const sent: BusEnvelope[] = [];
  const errors: unknown[] = [];
  const node = new GroupFanout({
    nodeId: 'node-1',
    local: new LocalSessions(),
    routes,
    clustered: true,
    send: (_nodeId, envelope) => sent.push(envelope),
    broadcast: (envelope) => sent.push(envelope),
    onError: (error) => errors.push(error),
  });
  return { node, sent, errors };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupFanout keeps a group’s cluster steps in order', () => {
  it('a push routed slowly still reaches the other node before the disbanding that followed it', async () => {
    const { routes, answerAll } = slowRoutes();
    const { node, sent, errors } = fanout(routes);
    node.pushToGroup(1, 'g', 'groupDestroyed', { groupId: 'g', by: 'alice' });
    node.dropRoster(1, 'g');
    await settle();
    expect(sent).toEqual([]); // the drop waits for the push's lookup
    answerAll();
    await settle();
    expect(sent.map((envelope) => envelope.kind)).toEqual(['group-deliver', 'group-roster']);
    expect(errors).toEqual([]);
  });

  it('a removal from the roster is announced after the pushes sent before it', async () => {
    const { routes, answerAll } = slowRoutes();
    const { node, sent } = fanout(routes);
    node.pushToGroup(1, 'g', 'groupRecalled', { groupId: 'g', seq: 1, by: 'alice' });
    node.pushToGroup(1, 'g', 'groupRecalled', { groupId: 'g', seq: 2, by: 'alice' });
    node.removeFromRoster(1, 'g', ['bob']);
    answerAll();
    await settle();
    expect(sent.map((envelope) => envelope.kind)).toEqual(['group-deliver', 'group-deliver', 'group-roster']);
    const frames = sent.flatMap((envelope) => (envelope.kind === 'group-deliver' ? [envelope.frame] : []));
    expect(frames.map((frame) => JSON.parse(frame).data.seq)).toEqual([1, 2]);
  });

  it('another group’s steps do not wait', async () => {
    const { routes } = slowRoutes();
    const { node, sent } = fanout(routes);
    node.pushToGroup(1, 'g', 'groupDestroyed', { groupId: 'g', by: 'alice' });
    node.removeFromRoster(1, 'other', ['bob']);
    await settle();
    expect(sent.map((envelope) => envelope.kind)).toEqual(['group-roster']);
  });

  it('a failed lookup is reported and the steps after it still run', async () => {
    const routes: GroupRoutes = {
      set: async () => {},
      nodes: async () => {
        throw new Error('redis down');
      },
      dropGroup: async () => {},
      close: async () => {},
    };
    const { node, sent, errors } = fanout(routes);
    node.pushToGroup(1, 'g', 'groupDestroyed', { groupId: 'g', by: 'alice' });
    node.dropRoster(1, 'g');
    await settle();
    expect(errors).toHaveLength(1);
    expect(sent.map((envelope) => envelope.kind)).toEqual(['group-roster']);
  });
});
