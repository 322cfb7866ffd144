export * from './real-services.ts';
export * from './start-test-parley.ts';
