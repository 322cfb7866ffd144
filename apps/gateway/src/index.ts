export * from './create-gateway.ts';
export * from './gateway-deps.ts';
export * from './gateway-options.ts';
export * from './push-router.ts';
export * from './local-connections.ts';
