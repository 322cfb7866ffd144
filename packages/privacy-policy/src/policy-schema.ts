import { z } from 'zod';

/** The six personal-information categories of section 4, in the policy's order. */
export const policyCategoryIds = [
  'websiteVisitData',
  'corporateWebsiteVisitorInformation',
  'accountInformation',
  'logData',
  'monitoringData',
  'configurationData',
] as const;
export type PolicyCategoryId = (typeof policyCategoryIds)[number];

/** The categories Parley records as telemetry events. */
export const telemetryCategories = ['log', 'monitoring'] as const;
export type TelemetryCategory = (typeof telemetryCategories)[number];

const machineName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'machine names are lowerCamelCase identifiers');
/** A verbatim quote of the policy text (whitespace-normalised); a test checks it against the source file. */
const quote = z.string().min(1);

const fieldSchema = z.object({ name: machineName, wording: z.string().min(1), source: quote });

const retentionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), days: z.int().positive(), source: quote }),
  z.object({ kind: z.literal('while-in-use-then-grace'), graceMonths: z.int().positive(), source: quote }),
  /** Section 6 says nothing for the category: stated explicitly rather than left out. */
  z.object({ kind: z.literal('not-stated'), note: z.string().min(1) }),
]);

const eventFieldSchema = z.object({
  /** Dotted path inside the event (`error.code`). */
  name: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/),
  /** `categoryId.fieldName` references to the policy fields this event field carries; empty for the envelope. */
  derivedFrom: z.array(z.string().regex(/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/)),
  rationale: z.string().min(1),
});

const telemetrySchema = z.object({
  category: z.enum(telemetryCategories),
  topic: z.string().regex(/^[a-z0-9._-]+$/),
  sqliteTable: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  eventFields: z.array(eventFieldSchema).min(1),
});

const categorySchema = z.object({
  id: z.enum(policyCategoryIds),
  name: z.string().min(1),
  source: quote,
  fields: z.array(fieldSchema).min(1),
  purpose: z.object({ text: quote }),
  legalBasis: z.object({ kind: z.enum(['contract', 'legitimate-interest']), text: quote }),
  notes: z.array(quote),
  retention: retentionSchema,
  parley: z.object({
    collected: z.boolean(),
    handling: z.string().min(1),
    telemetry: telemetrySchema.optional(),
  }),
});

/** Schema of policy/im-module.json, including the cross-references a reviewer would otherwise check by hand. */
export const policyDocumentSchema = z
  .object({
    $comment: z.string().optional(),
    module: z.object({
      title: z.string().min(1),
      sourceFile: z.string().min(1),
      sections: z.object({ use: z.string().min(1), retention: z.string().min(1) }),
    }),
    categories: z.array(categorySchema),
  })
  .superRefine((doc, ctx) => {
    const ids = doc.categories.map((category) => category.id);
    if (ids.join() !== policyCategoryIds.join()) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: `categories must be exactly ${policyCategoryIds.join(', ')} in that order`,
      });
    }
    const known = new Set(doc.categories.flatMap((c) => c.fields.map((f) => `${c.id}.${f.name}`)));
    const seenTelemetry = new Set<TelemetryCategory>();
    doc.categories.forEach((category, index) => {
      const names = category.fields.map((f) => f.name);
      if (new Set(names).size !== names.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index, 'fields'],
          message: 'duplicate field name',
        });
      }
      const telemetry = category.parley.telemetry;
      if (!telemetry) return;
      if (!category.parley.collected) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index],
          message: 'telemetry for uncollected data',
        });
      }
      if (category.retention.kind !== 'fixed') {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index, 'retention'],
          message: 'a telemetry category needs a fixed retention (it becomes retention.ms)',
        });
      }
      if (seenTelemetry.has(telemetry.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index],
          message: 'telemetry category used twice',
        });
      }
      seenTelemetry.add(telemetry.category);
      telemetry.eventFields.forEach((field, fieldIndex) => {
        for (const ref of field.derivedFrom) {
          if (known.has(ref)) continue;
          ctx.addIssue({
            code: 'custom',
            path: ['categories', index, 'parley', 'telemetry', 'eventFields', fieldIndex, 'derivedFrom'],
            message: `${ref} is not a field of the policy`,
          });
        }
      });
    });
    for (const category of telemetryCategories) {
      if (!seenTelemetry.has(category)) {
        ctx.addIssue({ code: 'custom', path: ['categories'], message: `no category maps to ${category}` });
      }
    }
  });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyCategory = PolicyDocument['categories'][number];
export type PolicyRetention = PolicyCategory['retention'];
export type PolicyTelemetry = NonNullable<PolicyCategory['parley']['telemetry']>;
