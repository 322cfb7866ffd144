import policyJson from '../policy/im-module.json' with { type: 'json' };
import {
  type PolicyCategory,
  type PolicyCategoryId,
  type PolicyDocument,
  type PolicyTelemetry,
  policyDocumentSchema,
  type TelemetryCategory,
} from './policy-schema.ts';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The parsed, frozen policy. Parsing at import time means a malformed policy file stops every process that
 * would act on it, instead of letting telemetry run under a policy nobody validated.
 */
export const imModulePolicy: PolicyDocument = deepFreeze(policyDocumentSchema.parse(policyJson));

export function policyCategory(id: PolicyCategoryId): PolicyCategory {
  const category = imModulePolicy.categories.find((candidate) => candidate.id === id);
  // The schema guarantees all six ids are present; this only satisfies the type checker.
  if (!category) throw new Error(`privacy policy has no category ${id}`);
  return category;
}

export interface TelemetryCategoryPolicy {
  category: PolicyCategory;
  telemetry: PolicyTelemetry;
  /** Retention in days (section 6); the schema requires a fixed retention for telemetry categories. */
  retentionDays: number;
}

export function telemetryCategoryPolicy(category: TelemetryCategory): TelemetryCategoryPolicy {
  for (const candidate of imModulePolicy.categories) {
    const telemetry = candidate.parley.telemetry;
    if (telemetry?.category !== category) continue;
    if (candidate.retention.kind !== 'fixed') break;
    return { category: candidate, telemetry, retentionDays: candidate.retention.days };
  }
  throw new Error(`privacy policy maps no category with a fixed retention to telemetry ${category}`);
}
