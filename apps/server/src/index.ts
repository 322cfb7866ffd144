export * from './server-config.ts';
export * from './start-parley.ts';
export * from './open-backends.ts';
