export * from './admin-api-deps.ts';
export * from './build-admin-api.ts';
export * from './plugins/auth.ts';
export * from './schemas/common.ts';
