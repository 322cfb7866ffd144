import { describeMessageBodyContract } from '@parley/testing/contracts/message-body-contract.ts';
import { describeMessageStoreContract } from '@parley/testing/contracts/message-store-contract.ts';
import { reopenableStore } from './support/reopenable-store.ts';

describeMessageStoreContract('embedded (SQLite file)', () => reopenableStore('messages'));
describeMessageBodyContract('embedded (SQLite file)', () => reopenableStore('messages'));
