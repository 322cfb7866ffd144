export * from './configuration-purge.ts';
export * from './policy.ts';
export * from './policy-schema.ts';
export * from './render-privacy-doc.ts';
export * from './retention.ts';
export * from './telemetry-allowlist.ts';
export * from './telemetry-destinations.ts';
