export * from './drop-mongo-database.ts';
export * from './named-app-config.ts';
export * from './real-services.ts';
export * from './start-test-parley.ts';
export * from './tencent-body-fixture.ts';
