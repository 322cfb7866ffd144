export * from './app-config-service.ts';
export * from './app-record.ts';
export * from './app-store.ts';
export * from './app-view.ts';
export * from './schema/index.ts';
