export * from './policy-schema.ts';
export * from './policy.ts';
export * from './retention.ts';
export * from './configuration-purge.ts';
export * from './telemetry-destinations.ts';
export * from './telemetry-allowlist.ts';
export * from './render-privacy-doc.ts';
