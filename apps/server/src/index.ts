export * from './open-backends.ts';
export * from './server-config.ts';
export * from './start-parley.ts';
