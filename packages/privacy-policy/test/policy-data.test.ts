import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import policyJson from '../policy/im-module.json' with { type: 'json' };
import {
  imModulePolicy,
  policyCategory,
  policyCategoryIds,
  policyDocumentSchema,
  retentionMs,
  telemetryFieldAllowlist,
  telemetrySqliteTables,
  telemetryTopics,
} from '../src/index.ts';

const sourceText = readFileSync(new URL('../policy/im-module.source.txt', import.meta.url), 'utf8');
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

function quotesOf(): { where: string; text: string }[] {
  const quotes: { where: string; text: string }[] = [];
  for (const category of imModulePolicy.categories) {
    quotes.push({ where: `${category.id}.source`, text: category.source });
    quotes.push({ where: `${category.id}.purpose`, text: category.purpose.text });
    quotes.push({ where: `${category.id}.legalBasis`, text: category.legalBasis.text });
    for (const note of category.notes) quotes.push({ where: `${category.id}.notes`, text: note });
    for (const field of category.fields)
      quotes.push({ where: `${category.id}.${field.name}`, text: field.source });
    if (category.retention.kind !== 'not-stated') {
      quotes.push({ where: `${category.id}.retention`, text: category.retention.source });
    }
  }
  return quotes;
}

describe('the policy data', () => {
  it('lists every category of section 4, in order', () => {
    expect(imModulePolicy.categories.map((c) => c.id)).toEqual([...policyCategoryIds]);
  });

  it('quotes the policy verbatim everywhere it cites it', () => {
    const haystack = normalise(sourceText);
    const missing = quotesOf().filter((quote) => !haystack.includes(normalise(quote.text)));
    expect(missing).toEqual([]);
  });

  it('carries the section 6 retention and says so explicitly where section 6 is silent', () => {
    const retention = Object.fromEntries(imModulePolicy.categories.map((c) => [c.id, c.retention]));
    expect(retention.logData).toMatchObject({ kind: 'fixed', days: 7 });
    expect(retention.monitoringData).toMatchObject({ kind: 'fixed', days: 2 });
    expect(retention.configurationData).toMatchObject({ kind: 'while-in-use-then-grace', graceMonths: 2 });
    for (const id of [
      'websiteVisitData',
      'corporateWebsiteVisitorInformation',
      'accountInformation',
    ] as const) {
      expect(policyCategory(id).retention.kind).toBe('not-stated');
    }
  });

  it('derives retention, topics, tables and allowlists from the data', () => {
    expect(retentionMs('log')).toBe(604_800_000);
    expect(retentionMs('monitoring')).toBe(172_800_000);
    expect(telemetryTopics.log).toMatchObject({
      name: 'parley.telemetry.log.v1',
      configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    });
    expect(telemetryTopics.monitoring).toMatchObject({
      name: 'parley.telemetry.monitoring.v1',
      configs: { 'retention.ms': '172800000', 'cleanup.policy': 'delete' },
    });
    expect(telemetrySqliteTables).toEqual({ log: 'telemetry_log', monitoring: 'telemetry_monitoring' });
    expect([...telemetryFieldAllowlist.log].sort()).toEqual(
      ['category', 'clientIp', 'error.code', 'error.name', 'interface', 'requestTime', 'sdkAppId'].sort(),
    );
    expect(telemetryFieldAllowlist.log).not.toContain('durationMs');
  });

  it('is frozen, so no process can widen it at run time', () => {
    expect(Object.isFrozen(imModulePolicy.categories[3]?.parley.telemetry?.eventFields)).toBe(true);
    expect(Object.isFrozen(telemetryFieldAllowlist.log)).toBe(true);
  });
});

describe('policyDocumentSchema rejects', () => {
  const clone = () => structuredClone(policyJson) as { categories: Record<string, unknown>[] };

  it('a missing category', () => {
    const doc = clone();
    doc.categories.splice(0, 1);
    expect(policyDocumentSchema.safeParse(doc).success).toBe(false);
  });

  it('an event field that cites no policy field', () => {
    const doc = structuredClone(policyJson);
    const telemetry = doc.categories[3]?.parley.telemetry;
    telemetry?.eventFields.push({ name: 'userId', derivedFrom: ['logData.userId'], rationale: 'tempting' });
    const result = policyDocumentSchema.safeParse(doc);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('logData.userId is not a field of the policy');
  });

  it('a telemetry category without a fixed retention', () => {
    const doc = structuredClone(policyJson);
    const log = doc.categories[3];
    if (log) Object.assign(log, { retention: { kind: 'not-stated', note: 'oops' } });
    expect(policyDocumentSchema.safeParse(doc).success).toBe(false);
  });
});
