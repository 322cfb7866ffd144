export * from './error-catalogue.ts';
export * from './parley-error.ts';
export * from './close-codes.ts';
export * from './identifiers.ts';
export * from './media-url.ts';
export * from './message-elements.ts';
export * from './frames.ts';
