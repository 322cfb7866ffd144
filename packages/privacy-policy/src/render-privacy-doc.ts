import { CONFIGURATION_DATA_GRACE_MONTHS } from './configuration-purge.ts';
import { imModulePolicy } from './policy.ts';
import type { PolicyCategory, PolicyRetention, PolicyTelemetry } from './policy-schema.ts';
import { DAY_MS } from './retention.ts';
import {
  TELEMETRY_LOCAL_PURGE_INTERVAL_MS,
  TELEMETRY_SEGMENT_MS,
  telemetrySqliteTables,
  telemetryTopics,
} from './telemetry-destinations.ts';

/** Where docs/privacy.md lives, relative to the repository root. */
export const PRIVACY_DOC_PATH = 'docs/privacy.md';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function quoted(text: string): string {
  return `“${text}”`;
}

function retentionSummary(retention: PolicyRetention): string {
  switch (retention.kind) {
    case 'fixed':
      return `${retention.days} days (${retention.days * DAY_MS} ms)`;
    case 'while-in-use-then-grace':
      return `while the application is in use, then ${retention.graceMonths} calendar months after termination`;
    case 'not-stated':
      return 'not stated in section 6';
    default: {
      const unreachable: never = retention;
      throw new Error(`unknown retention ${JSON.stringify(unreachable)}`);
    }
  }
}

function retentionDetail(retention: PolicyRetention): string {
  if (retention.kind === 'not-stated') return `**Retention:** ${retention.note}`;
  return `**Retention:** ${retentionSummary(retention)}. Source: ${quoted(retention.source)}`;
}

function whereInParley(category: PolicyCategory): string {
  const telemetry = category.parley.telemetry;
  if (telemetry) {
    return `topic \`${telemetryTopics[telemetry.category].name}\`, table \`${telemetrySqliteTables[telemetry.category]}\``;
  }
  return category.parley.collected ? 'app-config store' : 'not collected';
}

function summaryTable(): string[] {
  return [
    '| Category | Collected by Parley | Legal basis | Retention | Where in Parley |',
    '| --- | --- | --- | --- | --- |',
    ...imModulePolicy.categories.map((category) =>
      [
        '',
        ` ${category.name} `,
        ` ${category.parley.collected ? 'yes' : 'no'} `,
        ` ${category.legalBasis.kind} `,
        ` ${retentionSummary(category.retention)} `,
        ` ${whereInParley(category)} `,
        '',
      ].join('|'),
    ),
  ];
}

function eventFieldTable(telemetry: PolicyTelemetry): string[] {
  return [
    `**Telemetry event fields (the allowlist for \`${telemetry.category}\` events; nothing else is emitted):**`,
    '',
    '| Event field | Carries policy field | Why |',
    '| --- | --- | --- |',
    ...telemetry.eventFields.map(
      (field) =>
        `| \`${field.name}\` | ${field.derivedFrom.map((ref) => `\`${ref}\``).join(', ') || '—'} | ${cell(field.rationale)} |`,
    ),
    '',
  ];
}

function categorySection(category: PolicyCategory): string[] {
  const lines = [
    `## ${category.name} (\`${category.id}\`)`,
    '',
    `> ${category.source}`,
    '',
    '| Machine name | Policy wording | Quoted from |',
    '| --- | --- | --- |',
    ...category.fields.map((f) => `| \`${f.name}\` | ${cell(f.wording)} | ${cell(quoted(f.source))} |`),
    '',
    `**Purpose:** ${category.purpose.text}`,
    '',
    `**Legal basis (${category.legalBasis.kind}):** ${category.legalBasis.text}`,
    '',
  ];
  for (const note of category.notes) lines.push(`**Note:** ${note}`, '');
  lines.push(retentionDetail(category.retention), '');
  lines.push(
    `**In Parley:** ${category.parley.collected ? 'collected' : 'not collected'}. ${category.parley.handling}`,
  );
  lines.push('');
  if (category.parley.telemetry) lines.push(...eventFieldTable(category.parley.telemetry));
  return lines;
}

function destinationsSection(): string[] {
  const topics = Object.values(telemetryTopics);
  return [
    '## Where telemetry goes',
    '',
    'Interface calls are recorded by `@parley/telemetry` (`createTelemetry`), which builds each event from the',
    'allowlisted fields only and hands it to one sink. `record()` never blocks the chat path: sinks buffer a',
    'bounded number of events and count what they drop.',
    '',
    '### Kafka topics (`createKafkaTelemetrySink`)',
    '',
    '| Category | Topic | `retention.ms` | `cleanup.policy` | `segment.ms` |',
    '| --- | --- | --- | --- | --- |',
    ...topics.map(
      (topic) =>
        `| ${topic.category} | \`${topic.name}\` | ${topic.configs['retention.ms']} | ${topic.configs['cleanup.policy']} | ${topic.configs['segment.ms']} |`,
    ),
    '',
    'Topic names may carry a deployment prefix (`topicPrefix`). At start the sink creates missing topics with',
    'these configurations, and checks existing ones: a differing `retention.ms`, `cleanup.policy` or `segment.ms`',
    'is corrected (every other topic override is re-sent unchanged) and reported as drift. Kafka deletes whole',
    `segments; rolling every ${TELEMETRY_SEGMENT_MS / 60_000} minutes bounds how long a record outlives its retention.`,
    'The Kafka monitoring reader keeps consumed monitoring windows in memory for the monitoring retention only;',
    'queries reaching further back are clamped to it.',
    '',
    '### Embedded sink (`createLocalTelemetrySink`, SQLite)',
    '',
    '| Category | Table | Rows deleted once older than |',
    '| --- | --- | --- |',
    ...topics.map(
      (topic) =>
        `| ${topic.category} | \`${telemetrySqliteTables[topic.category]}\` | ${topic.retentionMs} ms (\`${topic.category}\` event time) |`,
    ),
    '',
    `The purge runs every ${TELEMETRY_LOCAL_PURGE_INTERVAL_MS / 1000} s by default and on demand (\`purgeExpired(now)\`).`,
    'A log event is dated by its `requestTime`, a monitoring event by its `windowStart`; an event dated T is',
    'kept up to and including T + retention and deleted after.',
    '',
    '### Configuration data purge',
    '',
    `Terminating an application stamps \`purgeAt = configurationPurgeDueAt(terminatedAt)\`: the same UTC time`,
    `${CONFIGURATION_DATA_GRACE_MONTHS} calendar months later, clamped to the last day of a shorter month`,
    '(31 December → 28/29 February). The purge job deletes every application whose `purgeAt` has passed.',
    '',
  ];
}

/** Renders docs/privacy.md from the policy data; a test fails when the committed file differs. */
export function renderPrivacyDoc(): string {
  const lines = [
    '<!-- Generated from packages/privacy-policy/policy/im-module.json by',
    '     `npx tsx packages/privacy-policy/scripts/render-doc.ts`. Do not edit by hand:',
    '     a test fails when this file differs from renderPrivacyDoc(). -->',
    '',
    '# Privacy: what Parley collects, why, and for how long',
    '',
    `Source: *${imModulePolicy.module.title}*, sections ${quoted(imModulePolicy.module.sections.use)} and`,
    `${quoted(imModulePolicy.module.sections.retention)}. The verbatim text is kept in`,
    `\`${imModulePolicy.module.sourceFile}\`; every quote below is checked against it by test.`,
    '',
    ...summaryTable(),
    '',
    ...imModulePolicy.categories.flatMap(categorySection),
    ...destinationsSection(),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
