import { createMemorySessionRegistry } from '@parley/storage-embedded';
import { describeSessionRegistryContract } from '@parley/testing/contracts/session-registry-contract.ts';

describeSessionRegistryContract('embedded', async () => {
  let time = 1_700_000_000_000;
  const nodeTtlMs = 30_000;
  const registry = createMemorySessionRegistry({ clock: { now: () => time }, nodeTtlMs });
  return {
    // One process holds the whole cluster state, so both "nodes" share the instance.
    registry,
    peer: registry,
    nodeTtlMs,
    passTime: async (ms) => {
      time += ms;
    },
    cleanup: () => registry.close(),
  };
});
