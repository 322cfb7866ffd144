import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { describeGroupStoreContract } from '@parley/testing/contracts/group-store-contract.ts';

describeGroupStoreContract('embedded', async () => {
  const db = openEmbeddedDatabase(':memory:');
  return {
    store: createEmbeddedStores({ db }).groups,
    // A second set of stores over the same database plays the other node.
    peer: createEmbeddedStores({ db }).groups,
    cleanup: async () => {
      if (db.open) db.close();
    },
  };
});
