import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { describeAccountStoreContract } from '@parley/testing/contracts/account-store-contract.ts';

describeAccountStoreContract('embedded', async () => {
  const db = openEmbeddedDatabase(':memory:');
  const stores = createEmbeddedStores({ db });
  return {
    store: stores.accounts,
    relations: stores.relations,
    // A second set of stores over the same database plays the other node.
    peer: createEmbeddedStores({ db }).accounts,
    cleanup: async () => {
      if (db.open) db.close();
    },
  };
});
