/** Regenerates docs/privacy.md from the policy data: `npx tsx packages/privacy-policy/scripts/render-doc.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRIVACY_DOC_PATH, renderPrivacyDoc } from '../src/index.ts';

const target = fileURLToPath(new URL(`../../../${PRIVACY_DOC_PATH}`, import.meta.url));
writeFileSync(target, renderPrivacyDoc());
console.log(`wrote ${target}`);
