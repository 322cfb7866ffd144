export { type ConnectMongoOptions, type MongoConnection, connectMongo } from './connect-mongo.ts';
export { ensureMongoIndexes, historyTtlIndex, mongoIndexes } from './mongo-indexes.ts';
export { collections as mongoCollections } from './mongo-documents.ts';
export {
  type MongoMessageStore,
  type MongoMessageStoreDeps,
  createMongoMessageStore,
} from './mongo-message-store.ts';
export {
  type MongoConversationStore,
  type MongoConversationStoreDeps,
  createMongoConversationStore,
} from './mongo-conversation-store.ts';
export { type MongoMessageLogDeps, createMongoMessageLog } from './mongo-message-log.ts';
export { mongoCall } from './storage-errors.ts';
export { type OpenedMongo, openMongo } from './open-mongo.ts';
