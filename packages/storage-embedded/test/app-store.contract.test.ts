import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { describeAppStoreContract } from '@parley/testing/contracts/app-store-contract.ts';

describeAppStoreContract('embedded', async () => {
  const db = openEmbeddedDatabase(':memory:');
  return {
    store: createEmbeddedStores({ db }).apps,
    // A second set of stores over the same database plays the other node.
    peer: createEmbeddedStores({ db }).apps,
    cleanup: async () => {
      if (db.open) db.close();
    },
  };
});
