import { describeConversationStoreContract } from '@parley/testing/contracts/conversation-store-contract.ts';
import { reopenableStore } from './support/reopenable-store.ts';

describeConversationStoreContract('embedded (SQLite file)', () => reopenableStore('conversations'));
