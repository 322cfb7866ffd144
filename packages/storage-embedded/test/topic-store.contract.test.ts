import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { describeTopicStoreContract } from '@parley/testing/contracts/topic-store-contract.ts';

describeTopicStoreContract('embedded', async () => {
  const db = openEmbeddedDatabase(':memory:');
  return {
    store: createEmbeddedStores({ db }).topics,
    cleanup: async () => {
      if (db.open) db.close();
    },
  };
});
