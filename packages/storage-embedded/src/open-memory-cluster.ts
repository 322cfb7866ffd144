import type { DedupWindow, GroupRoutes, MessageBus, RateLimiter, SessionRegistry } from '@parley/domain';
import { createMemoryDedupWindow } from './memory-dedup-window.ts';
import { createMemoryGroupRoutes } from './memory-group-routes.ts';
import { createMemoryMessageBus } from './memory-message-bus.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import { createMemorySessionRegistry } from './memory-session-registry.ts';

/** The cluster ports of a single process: sessions, bus, dedup and quotas in memory. */
export interface OpenedMemoryCluster {
  sessions: SessionRegistry;
  bus: MessageBus;
  dedup: DedupWindow;
  rateLimiter: RateLimiter;
  groupRoutes: GroupRoutes;
  close(): Promise<void>;
}

export function openMemoryCluster({ nodeTtlMs }: { nodeTtlMs: number }): OpenedMemoryCluster {
  const bus = createMemoryMessageBus();
  return {
    sessions: createMemorySessionRegistry({ nodeTtlMs }),
    bus,
    dedup: createMemoryDedupWindow(),
    rateLimiter: createMemoryRateLimiter(),
    groupRoutes: createMemoryGroupRoutes(),
    close: () => bus.close(),
  };
}
