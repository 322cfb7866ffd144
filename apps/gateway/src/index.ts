export * from './create-gateway.ts';
export * from './gateway-deps.ts';
export * from './gateway-options.ts';
