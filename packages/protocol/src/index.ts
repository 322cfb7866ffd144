export * from './error-catalogue.ts';
export * from './parley-error.ts';
export * from './close-codes.ts';
export * from './kick-reasons.ts';
export * from './identifiers.ts';
export * from './message-elements.ts';
export * from './message-body.ts';
export * from './frames.ts';
