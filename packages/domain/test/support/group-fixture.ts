import type { Cluster, GroupServiceDeps, GroupServices } from '../../src/index.ts';
import { createDomainFixture, type DomainFixture, NODE } from './domain-fixture.ts';
import type { LocalSessionRecorder } from './doubles.ts';

/** The domain fixture with one cluster node and the group services delivering through it. */
export interface GroupFixture {
  f: DomainFixture;
  cluster: Cluster;
  services: GroupServices;
  sdkAppId: number;
  /** An actor of the app as it is now. */
  as(userId: string, instanceId?: string): ReturnType<DomainFixture['actor']>;
  /** A session of `userId` on the node, receiving the pushes of the user's groups (as after a login). */
  online(userId: string, instanceId?: string): Promise<LocalSessionRecorder>;
  /** The pushes a session received, parsed. */
  pushes(session: LocalSessionRecorder): { push: string; data: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function createGroupFixture(
  config: unknown = {},
  users: string[] = ['alice', 'bob', 'carol', 'dave', 'erin', 'administrator'],
  overrides: Partial<GroupServiceDeps> = {},
): Promise<GroupFixture> {
  const f = createDomainFixture();
  const cluster = f.cluster();
  const services = f.groupServices({ delivery: cluster, ...overrides });
  const { sdkAppId } = await f.newApp(config, users);
  return {
    f,
    cluster,
    services,
    sdkAppId,
    as: (userId, instanceId) => f.actor(sdkAppId, userId, instanceId === undefined ? {} : { instanceId }),
    async online(userId, instanceId = `${userId}-1`) {
      const session = await f.connect(cluster, { sdkAppId, userId, instanceId, nodeId: NODE });
      cluster.local.remove(session);
      const seqs = await f.groupConversations().seqs(sdkAppId, userId, 500);
      cluster.attach(
        session,
        seqs.map(({ membership }) => membership.groupId),
      );
      return session;
    },
    pushes: (session) => session.frames.map((frame) => JSON.parse(frame)),
    close: () => f.close(),
  };
}
