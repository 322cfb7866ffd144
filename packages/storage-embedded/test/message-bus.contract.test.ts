import { createMemoryMessageBus } from '@parley/storage-embedded';
import { describeMessageBusContract } from '@parley/testing/contracts/message-bus-contract.ts';

describeMessageBusContract('embedded', async () => {
  const bus = createMemoryMessageBus();
  // One process: every "node" subscribes on the same bus.
  return { bus, peer: bus, cleanup: () => bus.close() };
});
