export * from './real-services.ts';
