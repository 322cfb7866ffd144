export * from './connect-redis.ts';
export * from './open-redis.ts';
export * from './redis-dedup-window.ts';
export * from './redis-group-routes.ts';
export * from './redis-message-bus.ts';
export * from './redis-rate-limiter.ts';
export * from './redis-session-registry.ts';
