export { type ConnectMongoOptions, connectMongo, type MongoConnection } from './connect-mongo.ts';
export {
  createMongoConversationStore,
  type MongoConversationStore,
  type MongoConversationStoreDeps,
} from './mongo-conversation-store.ts';
export { collections as mongoCollections } from './mongo-documents.ts';
export {
  createMongoGroupMessageLog,
  type MongoGroupMessageLogDeps,
  SEQ_ONLY_KEEP,
  SEQ_ONLY_PRUNE_AGE_MS,
  SEQ_ONLY_PRUNE_EVERY,
} from './mongo-group-message-log.ts';
export { ensureMongoIndexes, historyTtlIndex, mongoIndexes } from './mongo-indexes.ts';
export { createMongoMessageLog, type MongoMessageLogDeps } from './mongo-message-log.ts';
export {
  createMongoMessageStore,
  type MongoMessageStore,
  type MongoMessageStoreDeps,
} from './mongo-message-store.ts';
export { type OpenedMongo, openMongo } from './open-mongo.ts';
export { mongoCall } from './storage-errors.ts';
