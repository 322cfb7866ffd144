import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { describeRelationStoreContract } from '@parley/testing/contracts/relation-store-contract.ts';

describeRelationStoreContract('embedded', async () => {
  const db = openEmbeddedDatabase(':memory:');
  return {
    store: createEmbeddedStores({ db }).relations,
    // A second set of stores over the same database plays the other node.
    peer: createEmbeddedStores({ db }).relations,
    cleanup: async () => {
      if (db.open) db.close();
    },
  };
});
