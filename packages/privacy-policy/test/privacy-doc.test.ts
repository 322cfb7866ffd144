import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIVACY_DOC_PATH, renderPrivacyDoc } from '../src/index.ts';

describe(PRIVACY_DOC_PATH, () => {
  it('is exactly what renderPrivacyDoc() generates (regenerate: npx tsx packages/privacy-policy/scripts/render-doc.ts)', () => {
    const committed = readFileSync(new URL(`../../../${PRIVACY_DOC_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(renderPrivacyDoc());
  });

  it('names the topics, tables, retention and purge of every collected category', () => {
    const doc = renderPrivacyDoc();
    for (const text of [
      'parley.telemetry.log.v1',
      'parley.telemetry.monitoring.v1',
      'telemetry_log',
      'telemetry_monitoring',
      '604800000',
      '172800000',
      'configurationPurgeDueAt',
      'purgeExpired',
    ]) {
      expect(doc).toContain(text);
    }
  });
});
