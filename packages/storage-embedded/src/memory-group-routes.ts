import type { GroupRoutes } from '@parley/domain';

/** The group routes of a single process (or of tests): a map in memory. */
export function createMemoryGroupRoutes(): GroupRoutes {
  const routes = new Map<string, Map<string, number>>();
  const key = (sdkAppId: number, groupId: string) => `${sdkAppId}\u0000${groupId}`;
  return {
    async set(sdkAppId, groupId, nodeId, count) {
      const k = key(sdkAppId, groupId);
      let nodes = routes.get(k);
      if (count <= 0) {
        nodes?.delete(nodeId);
        if (nodes?.size === 0) routes.delete(k);
        return;
      }
      if (!nodes) {
        nodes = new Map();
        routes.set(k, nodes);
      }
      nodes.set(nodeId, count);
    },
    async nodes(sdkAppId, groupId) {
      return [...(routes.get(key(sdkAppId, groupId)) ?? [])].map(([nodeId, count]) => ({ nodeId, count }));
    },
    async dropGroup(sdkAppId, groupId) {
      routes.delete(key(sdkAppId, groupId));
    },
    async close() {},
  };
}
