import { isCi, missingServices, serviceEnvVars } from './real-services.ts';

/** Says loudly, before and after the run, which real-service suites are skipped on this machine. */
export default function globalSetup() {
  const missing = missingServices();
  if (missing.length === 0) return undefined;
  const lines = missing.map((name) => `  - ${name}: ${serviceEnvVars[name]} is unset`);
  const banner = [
    '',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '!! SKIPPING the real-service suites for:',
    ...lines,
    '!! Start the services with `npm run services:up` and `eval "$(bash infra/local/env.sh)"`.',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '',
  ].join('\n');
  if (isCi()) throw new Error(`CI requires every real service.${banner}`);
  console.warn(banner);
  return () => console.warn(banner);
}
